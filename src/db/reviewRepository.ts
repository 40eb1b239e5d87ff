import type { EditInput, ReviewEdits, ReviewStatus } from '../core/pipeline/records';
import { chosenTexts } from './chosenTexts';
import { changePackedPairs, packedRunIds } from './packedReview';
import { findPackedPair, packedQuestion, pairIdParts } from './pairPacks';
import type { StudioDb } from './studioDb';

/** Rows per transaction in bulk review, so a 100,000-row decision never holds one huge transaction. */
export const REVIEW_CHUNK = 2000;

/**
 * Sets the review decision of the given questions ('pending' resets it), in transactions of
 * `chunk` rows. Pipeline output is untouched. Returns how many rows existed and were updated.
 */
export async function setReviewStatus(
  db: StudioDb,
  ids: readonly string[],
  status: ReviewStatus,
  options: { chunk?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const chunk = options.chunk ?? REVIEW_CHUNK;
  const packedRuns = await packedRunIds(db);
  const isPacked = (id: string) => packedRuns.has(pairIdParts(id)?.runId ?? '');
  let updated = 0;
  for (let start = 0; start < ids.length; start += chunk) {
    const keys = ids.slice(start, start + chunk);
    const rows = keys.filter((id) => !isPacked(id));
    const packed = keys.filter(isPacked);
    updated += await db.transaction('rw', [db.questions, db.runs, db.pairPacks], async () => {
      const inRows = rows.length
        ? await db.questions.bulkUpdate(
            rows.map((key) => ({ key, changes: { reviewStatus: status } })),
          )
        : 0;
      const inPacks = packed.length
        ? await changePackedPairs(db, packed, (pair) => (pair.reviewStatus = status))
        : 0;
      return inRows + inPacks;
    });
    options.onProgress?.(Math.min(start + chunk, ids.length), ids.length);
  }
  return updated;
}

/**
 * Stores edits beside the originals (`question.review`); `question.text` and the solutions are
 * never written. Edits equal to the original are dropped; with none left, `review` is removed.
 * Returns the stored edits (undefined when none).
 */
export async function saveReviewEdits(
  db: StudioDb,
  id: string,
  input: EditInput,
  now = Date.now(),
): Promise<ReviewEdits | undefined> {
  return db.transaction('rw', [db.questions, db.solutions, db.runs, db.pairPacks], async () => {
    const row = await db.questions.get(id);
    const packed = row ? undefined : await findPackedPair(db, id);
    const question = row ?? (packed && packedQuestion(packed.pack, packed.pair));
    if (!question) throw new Error(`Question ${id} no longer exists`);
    const original = (await chosenTexts(db, [question])).get(id);
    const edits: ReviewEdits = { editedAt: now };
    if (input.question !== undefined && input.question !== question.text)
      edits.question = input.question;
    if (input.response !== undefined && input.response !== original)
      edits.response = input.response;
    const review = edits.question !== undefined || edits.response !== undefined ? edits : undefined;
    await setEdits(db, id, review);
    return review;
  });
}

/** Drops the edits of a question, back to the pipeline's text and answer. */
export async function clearReviewEdits(db: StudioDb, id: string): Promise<void> {
  await db.transaction('rw', [db.questions, db.runs, db.pairPacks], () =>
    setEdits(db, id, undefined),
  );
}

async function setEdits(db: StudioDb, id: string, review: ReviewEdits | undefined) {
  if (await db.questions.update(id, { review })) return;
  await changePackedPairs(db, [id], (pair) => {
    if (review) pair.review = review;
    else delete pair.review;
  });
}
