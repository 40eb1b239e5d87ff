/**
 * A run through the real pipeline (run service, Dexie store, in-thread indexes) whose attempts are
 * rejected at every stage that can reject — generation screen, language, duplicates,
 * contamination, judge, solving, difficulty — and kept otherwise, from a scripted engine. It runs
 * in two sessions: in the first no reference set exists, so the contamination check is skipped;
 * one is imported before the second, which checks (and drops) with it.
 */
import type { StudioDb } from '../../src/db/studioDb';
import { createRun } from '../../src/db/runRepository';
import { saveReferenceSet } from '../../src/db/referenceSetRepository';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import { createRunService } from '../../src/services/runService';
import { ScriptedEngine } from './scriptedEngine';
import { remoteBackends, accessTo } from './backends';

const CONTAMINATED =
  'Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. How much does she make every day?';
const REPEATED = 'A repeated question: what is the sum of the first ten positive integers?';

/** What attempt `seed` writes: the outcome cycles through every stage that can reject. */
export function mixedQuestion(seed: number): { text: string; finish?: 'length' } {
  switch (seed % 10) {
    case 0:
      return { text: `A question cut off before its end number ${seed} and`, finish: 'length' };
    case 1:
      return { text: `Combien font ${seed} fois sept, divisé par un demi ? Répondez en détail.` };
    case 2:
      return { text: REPEATED };
    case 3:
      // A benchmark question with a tag: not an exact duplicate of the last one, same 13-grams.
      return { text: `${CONTAMINATED} (Version ${seed}.)` };
    case 4:
      return { text: `JUDGE-NO: a riddle about colours number ${seed} with no numbers at all.` };
    case 5:
      return { text: `NOANSWER: how many marbles does bag number ${seed} hold after the trade?` };
    case 6:
      return { text: `SPLIT: what is the area of plot number ${seed} in square metres?` };
    default:
      return { text: `KEEP: a farmer has ${seed} sheep and buys ${seed % 7} more. How many now?` };
  }
}

function solutions(question: string, n: number, seed: number): string[] {
  if (question.startsWith('NOANSWER')) return Array.from({ length: n }, () => 'I am not sure.');
  if (question.startsWith('SPLIT'))
    return Array.from({ length: n }, (_, i) => `The area is \\boxed{${seed * 10 + i}}.`);
  // Kept questions agree fully or two of three, so the agreement histogram has two bars.
  return Array.from({ length: n }, (_, i) =>
    seed % 2 === 0 && i === n - 1 ? 'So \\boxed{0}.' : `So the answer is \\boxed{${seed}}.`,
  );
}

/** Runs `attempts` attempts of the mixed script (the first `withoutSets` with no reference set). */
export async function runMixed(
  db: StudioDb,
  attempts: number,
  withoutSets = Math.floor(attempts * 0.4),
): Promise<string> {
  const engine = new ScriptedEngine(
    (seed) => mixedQuestion(seed),
    (question, n, seed) => solutions(question, n, seed),
    undefined,
    (request) =>
      request.messages.some((m) => m.content.includes('JUDGE-NO'))
        ? { text: 'It has no mathematical content.\nAnswer: No', finishReason: 'stop' }
        : undefined,
  );
  const base = defaultRunConfig({ targetPairs: attempts, seed: 0 });
  const run = await createRun(db, {
    name: 'mixed',
    config: {
      ...base,
      maxAttempts: withoutSets,
      dedup: { ...base.dedup, near: false },
      contamination: { enabled: true, ngram: 13, action: 'drop' },
    },
    backends: remoteBackends('http://scripted.invalid', 'scripted'),
    appVersion: 'test',
  });
  const service = createRunService({ db, createEngine: () => engine });
  const access = accessTo('http://scripted.invalid', 'scripted');
  await service.start(run.id, access, () => {});
  await saveReferenceSet(db, {
    name: 'gsm8k-sample',
    source: 'gsm8k-sample.jsonl',
    texts: [CONTAMINATED],
  });
  await db.runs.update(run.id, { 'config.maxAttempts': attempts, status: 'paused' });
  await service.start(run.id, access, () => {});
  return run.id;
}
