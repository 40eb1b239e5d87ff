import { extractAnswer } from '../core/answers/extractAnswer';
import { exactDuplicateKey } from '../core/dedup/normalizeQuestion';
import type { PackedPair, PairPackRow, QuestionRow, SolutionRow } from './rows';
import type { StudioDb } from './studioDb';

/**
 * Pairs per pack. IndexedDB charges a fixed cost per record, so packing is what lets an import
 * store tens of thousands of pairs a second; a review decision rewrites one pack (~200 KB), which
 * stays instant.
 */
export const PACK_SIZE = 128;

export interface PairText {
  query: string;
  response: string;
}

/** The key of the pack holding pair `index` of a run. */
export function packKey(runId: string, index: number): string {
  return `${runId}/${index - (index % PACK_SIZE)}`;
}

/** Run and index of a pair id (`${runId}:${index}`, the pipeline's scheme). */
export function pairIdParts(id: string): { runId: string; index: number } | undefined {
  const at = id.lastIndexOf(':');
  const index = Number(id.slice(at + 1));
  return at > 0 && Number.isInteger(index) && index >= 0
    ? { runId: id.slice(0, at), index }
    : undefined;
}

/**
 * The pairs of a new imported run, numbered from 0, review pending; with `from`/`to` (pair
 * indexes, `from` a multiple of PACK_SIZE) only the packs of that stretch.
 */
export function packPairs(
  runId: string,
  pairs: readonly PairText[],
  now: number,
  from = 0,
  to = pairs.length,
): PairPackRow[] {
  const packs: PairPackRow[] = [];
  for (let first = from; first < to; first += PACK_SIZE) {
    const packed: PackedPair[] = [];
    const end = Math.min(to, first + PACK_SIZE);
    for (let index = first; index < end; index++) {
      const { query, response } = pairs[index]!;
      packed.push({
        index,
        query,
        response,
        answer: extractAnswer(response),
        dedupKey: exactDuplicateKey(query),
        reviewStatus: 'pending',
      });
    }
    packs.push({
      id: packKey(runId, first),
      runId,
      first,
      createdAt: now,
      dedupKeys: packed.map((p) => p.dedupKey),
      pairs: packed,
    });
  }
  return packs;
}

/**
 * The question a packed pair stands for, shaped like a generated pair that was kept: one chosen
 * solution, full agreement. Ids follow the pipeline's scheme, so every reader treats both alike.
 */
export function packedQuestion(pack: PairPackRow, pair: PackedPair): QuestionRow {
  const id = `${pack.runId}:${pair.index}`;
  return {
    id,
    runId: pack.runId,
    index: pair.index,
    text: pair.query,
    dedupKey: pair.dedupKey,
    status: 'kept',
    verdicts: [],
    generation: {
      prompt: '',
      rawText: pair.query,
      finishReason: 'stop',
      seed: 0,
      promptTokens: 0,
      completionTokens: 0,
      model: 'imported',
    },
    majorityAnswer: pair.answer,
    agreement: 1,
    chosenSolutionId: `${id}:0`,
    chosenResponse: pair.response,
    createdAt: pack.createdAt,
    reviewStatus: pair.reviewStatus,
    ...(pair.review ? { review: pair.review } : {}),
  };
}

/** The one (chosen) solution of a packed pair. */
export function packedSolution(runId: string, pair: PackedPair): SolutionRow {
  const questionId = `${runId}:${pair.index}`;
  return {
    id: `${questionId}:0`,
    questionId,
    runId,
    index: 0,
    text: pair.response,
    finishReason: 'stop',
    answer: pair.answer,
    inMajority: true,
    chosen: true,
    completionTokens: 0,
    candidate: true,
    rank: 0,
  };
}

export function packQuestions(pack: PairPackRow): QuestionRow[] {
  return pack.pairs.map((pair) => packedQuestion(pack, pair));
}

/**
 * Packs read per request when walking them: about 4 MB of typical pairs, so the page (which
 * reads them on its own thread for the dataset browser) is never held long by one chunk.
 */
const WALK_CHUNK = 16;

/**
 * Every pack of the project in key order, a chunk at a time (bounded memory). With `since`,
 * only packs created after that time: an import writes all its packs in one transaction with
 * one time, so whoever saw a pack created at `since` saw all of them (re-reading them on every
 * refresh would re-read a whole import).
 */
export async function* eachPackChunk(
  db: StudioDb,
  options: { since?: number } = {},
): AsyncGenerator<PairPackRow[]> {
  if (options.since !== undefined) {
    // Keys first, then the packs a chunk at a time: a fresh import can be 50 MB of packs, and
    // reading them in one request would hold the page for its whole deserialisation.
    const keys = await db.pairPacks.where('createdAt').above(options.since).primaryKeys();
    for (let i = 0; i < keys.length; i += WALK_CHUNK) {
      const chunk = await db.pairPacks.bulkGet(keys.slice(i, i + WALK_CHUNK));
      yield chunk.filter((pack) => pack !== undefined);
    }
    return;
  }
  let after = '';
  for (;;) {
    const chunk = await db.pairPacks.where(':id').above(after).limit(WALK_CHUNK).toArray();
    if (chunk.length) yield chunk;
    const last = chunk.at(-1);
    if (!last || chunk.length < WALK_CHUNK) return;
    after = last.id;
  }
}

/** A run's packs whose first pair comes after `afterFirst`, in pair order, at most `limit`. */
export function runPackPage(
  db: StudioDb,
  runId: string,
  afterFirst: number,
  limit: number,
): Promise<PairPackRow[]> {
  return db.pairPacks
    .where('[runId+first]')
    .between([runId, afterFirst], [runId, Infinity], false, true)
    .limit(limit)
    .toArray();
}

/** The last `limit` pairs of a packed run, newest first (the runs screen's live feed). */
export async function lastPackedQuestions(
  db: StudioDb,
  runId: string,
  limit: number,
): Promise<QuestionRow[]> {
  const packs = await db.pairPacks
    .where('[runId+first]')
    .between([runId, -Infinity], [runId, Infinity])
    .reverse()
    .limit(Math.ceil(limit / PACK_SIZE) + 1)
    .toArray();
  return packs.flatMap((pack) => packQuestions(pack).reverse()).slice(0, limit);
}

/** The pack and position of a stored pair, when it is packed. */
export async function findPackedPair(
  db: StudioDb,
  id: string,
): Promise<{ pack: PairPackRow; pair: PackedPair } | undefined> {
  const parts = pairIdParts(id);
  if (!parts) return undefined;
  const pack = await db.pairPacks.get(packKey(parts.runId, parts.index));
  const pair = pack?.pairs[parts.index - pack.first];
  return pack && pair?.index === parts.index ? { pack, pair } : undefined;
}

/** Whether any packed pair has this exact-duplicate key. */
export async function hasPackedKey(db: StudioDb, dedupKey: string): Promise<boolean> {
  return (await db.pairPacks.where('dedupKeys').equals(dedupKey).count()) > 0;
}
