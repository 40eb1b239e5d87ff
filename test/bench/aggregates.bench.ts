/**
 * Whole-run dashboard figures at scale (Node, IndexedDB in memory):
 *   npm run bench -- aggregates [--n 100000]
 * Stores `n` attempts of one run through the real store (each updates the run's aggregates in
 * its transaction), rejected at every stage that can reject, skipped at others, with tokens per
 * stage. Then every dashboard figure — funnel (reached / passed / failed / skipped), reasons,
 * histograms, tokens per stage and per model role — is checked against the stored rows counted
 * independently (test/support/rowFigures.ts); the bench fails if one differs. The once-only fold
 * for runs stored before the aggregates existed is checked against the same rows.
 * Side by side: reading the dashboard from the aggregates vs counting every stored row.
 */
import 'fake-indexeddb/auto';
import { StudioDb } from '../../src/db/studioDb';
import { createRun } from '../../src/db/runRepository';
import { DexieRunStore } from '../../src/db/dexieRunStore';
import { storedQuestion } from '../../src/db/storedQuestion';
import { ensureRunAggregates, getRunAggregates } from '../../src/db/runAggregatesRepository';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import {
  advanceProgress,
  emptyProgress,
  STAGES,
  type QuestionRecord,
  type StageName,
  type StageVerdict,
} from '../../src/core/pipeline/records';
import { reasonGroup, STAGE_ROLE, type RunAggregates } from '../../src/core/runs/runAggregates';
import { paceOf } from '../../src/core/runs/runPace';
import type { QuestionRow } from '../../src/db/rows';
import { histogram, tokensPerStage } from '../../src/ui/dashboard/runStats';
import { runFunnel } from '../../src/core/export/runFunnel';
import { rowFigures } from '../support/rowFigures';
import { remoteBackends } from '../support/backends';
import { argValue } from '../support/benchArgs';

const pass = (stage: StageName): StageVerdict => ({ stage, pass: true });
const fail = (stage: StageName, reason: string): StageVerdict => ({ stage, pass: false, reason });
const skip = (stage: StageName, reason: string): StageVerdict => ({
  stage,
  pass: true,
  skipped: true,
  reason,
});

/** Attempt `i`: its outcome cycles through every stage that can reject, and through skips. */
export function syntheticAttempt(runId: string, i: number, start: number): QuestionRow {
  const outcome = i % 13;
  const verdicts: StageVerdict[] = [];
  let rejectedAt: StageName | undefined;
  const go = (v: StageVerdict) => {
    verdicts.push(v);
    if (!v.pass) rejectedAt = v.stage;
    return v.pass;
  };
  const char = String.fromCodePoint(0x4e00 + (i % 40));
  // Each line runs while the attempt is still going (a stage that fails ends it).
  const steps: (() => boolean)[] = [
    () =>
      go(
        outcome === 0
          ? fail('generate', `cut off at the token limit (${i} tokens)`)
          : pass('generate'),
      ),
    () =>
      go(
        outcome === 1
          ? fail(
              'language',
              `non-ASCII character '${char}' (U+${char.codePointAt(0)!.toString(16).toUpperCase()})`,
            )
          : pass('language'),
      ),
    () =>
      go(
        outcome === 2
          ? fail('dedup', `exact duplicate of ${runId}:${i - 2}`)
          : outcome === 9
            ? skip('dedup', 'off in this run’s settings')
            : pass('dedup'),
      ),
    () =>
      go(
        outcome === 3
          ? fail('contamination', `overlaps gsm8k-test: ${(0.5 + (i % 50) / 100).toFixed(2)}`)
          : outcome >= 10
            ? skip('contamination', 'no reference set available')
            : pass('contamination'),
      ),
    () => go(outcome === 4 ? fail('judge', 'the judge said no') : pass('judge')),
    () => go(outcome === 5 ? fail('solve', 'no solution had a final answer') : pass('solve')),
    () =>
      go(
        outcome === 6
          ? fail('majority', `no majority (${i % 4} distinct answers)`)
          : pass('majority'),
      ),
    () =>
      go(
        outcome === 7
          ? fail('difficulty', `agreement ${(i % 5) / 5} outside the band`)
          : outcome === 12
            ? skip('difficulty', 'no difficulty band set')
            : pass('difficulty'),
      ),
    () => go(pass('select')),
  ];
  for (const step of steps) if (!step()) break;
  const solved = verdicts.some((v) => v.stage === 'solve' && v.pass);
  const tokens: QuestionRecord['tokens'] = {
    generate: { promptTokens: 20, completionTokens: 40 + (i % 60) },
  };
  if (verdicts.some((v) => v.stage === 'judge'))
    tokens.judge = { promptTokens: 120 + (i % 9), completionTokens: 3 };
  if (verdicts.some((v) => v.stage === 'solve'))
    tokens.solve = { promptTokens: 400, completionTokens: 900 + (i % 300) };
  if (verdicts.some((v) => v.stage === 'select'))
    tokens.select = { promptTokens: 600, completionTokens: 8 };
  const agreement = ((i % 4) + 1) / 4;
  return {
    id: `${runId}:${i}`,
    runId,
    index: i,
    text: `Question ${i}: how many apples are left after ${i % 97} are eaten?`,
    dedupKey: `k${i}`,
    status: rejectedAt ? 'rejected' : 'kept',
    ...(rejectedAt ? { rejectedAt } : {}),
    verdicts,
    generation: {
      prompt: 'p',
      rawText: 'r',
      finishReason: 'stop',
      seed: i,
      promptTokens: 20,
      completionTokens: 40 + (i % 60),
      model: 'bench',
    },
    majorityAnswer: solved ? String(i) : null,
    agreement: solved ? agreement : 0,
    chosenSolutionId: null,
    createdAt: start + i * 150,
    tokens,
    ...(solved
      ? { difficulty: { failRate: 1 - agreement, agreement, distinctAnswers: 2, answered: 4 } }
      : {}),
  };
}

/** Throws with the first differing figure. */
function same(name: string, a: unknown, b: unknown): void {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  if (x !== y) throw new Error(`aggregates drifted from the rows at ${name}: ${x} ≠ ${y}`);
}

/** Every dashboard figure, from the aggregates, against the rows counted independently. */
function check(agg: RunAggregates, rows: readonly QuestionRecord[]): void {
  const expected = rowFigures(rows);
  same('attempts', agg.attempts, expected.attempts);
  same('kept', agg.kept, expected.kept);
  const shown = runFunnel(agg);
  for (const row of shown) {
    const { reached, passed, failed, skipped } = row;
    same(`funnel ${row.stage}`, { reached, passed, failed, skipped }, expected.stages[row.stage]);
    const reasons: Record<string, number> = {};
    for (const q of rows)
      if (q.rejectedAt === row.stage) {
        const key = reasonGroup(q.verdicts.find((v) => v.stage === row.stage)?.reason);
        reasons[key] = (reasons[key] ?? 0) + 1;
      }
    const counted = Object.fromEntries(row.reasons.map((r) => [r.reason, r.count]));
    same(`reasons ${row.stage}`, sortKeys(counted), sortKeys(reasons));
  }
  same('agreement', histogram(agg.agreement).counts, expected.agreementBins);
  same('fail rate', histogram(agg.failRate).counts, expected.failRateBins);
  same(
    'tokens per stage',
    tokensPerStage(agg),
    STAGES.filter((s) => expected.tokens[s] > 0).map((s) => ({
      stage: s,
      tokens: expected.tokens[s],
    })),
  );
  // Tokens per model role over the run (what tokens/s per backend is measured in).
  const byRole: Record<string, number> = {};
  for (const bucket of [...Object.values(agg.minutes), ...Object.values(agg.hours)])
    for (const [role, n] of Object.entries(bucket.tokens)) byRole[role] = (byRole[role] ?? 0) + n;
  const rowRoles: Record<string, number> = {};
  for (const stage of STAGES) {
    const role = STAGE_ROLE[stage];
    if (role && expected.tokens[stage])
      rowRoles[role] = (rowRoles[role] ?? 0) + expected.tokens[stage];
  }
  same('tokens per role', sortKeys(byRole), sortKeys(rowRoles));
  const stored = [...Object.values(agg.minutes), ...Object.values(agg.hours)];
  same(
    'stored per minute',
    stored.reduce((s, b) => s + b.stored, 0),
    expected.attempts,
  );
  same(
    'kept per minute',
    stored.reduce((s, b) => s + b.kept, 0),
    expected.kept,
  );
}

const sortKeys = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

async function readRows(db: StudioDb, runId: string): Promise<QuestionRow[]> {
  return db.questions
    .where('[runId+index]')
    .between([runId, -Infinity], [runId, Infinity])
    .toArray();
}

export default async function aggregatesBench(args: string[]): Promise<void> {
  const n = argValue(args, '--n', 100_000);
  const db = new StudioDb(`aggregates-bench-${Date.now()}`);
  try {
    const run = await createRun(db, {
      name: 'bench',
      config: defaultRunConfig({ targetPairs: n, seed: 0 }),
      backends: remoteBackends('http://bench.invalid', 'bench'),
      appVersion: 'bench',
    });
    await db.runs.update(run.id, { status: 'running' });
    const start = Date.now() - n * 150;
    // All but the last `live` attempts are written in bulk (as a run stored before the aggregates
    // existed); opening the run folds them once. The last ones go through the store one by one,
    // as a running run stores them, each updating the aggregates in its transaction.
    const live = Math.min(n, argValue(args, '--live', 1000));
    let progress = emptyProgress();
    for (let from = 0; from < n - live; from += 5000) {
      const page = [];
      for (let i = from; i < Math.min(n - live, from + 5000); i++) {
        const q = syntheticAttempt(run.id, i, start);
        progress = advanceProgress(progress, q, []);
        page.push(storedQuestion(q, []));
      }
      await db.questions.bulkAdd(page);
    }
    await db.runs.update(run.id, { progress });
    let t = performance.now();
    await ensureRunAggregates(db, run.id);
    const firstFoldS = (performance.now() - t) / 1000;
    const store = new DexieRunStore(db);
    t = performance.now();
    for (let i = n - live; i < n; i++)
      await store.saveQuestion(syntheticAttempt(run.id, i, start), []);
    const storeMs = (performance.now() - t) / Math.max(live, 1);

    t = performance.now();
    const agg = (await getRunAggregates(db, run.id))!;
    const view = {
      funnel: runFunnel(agg),
      agreement: histogram(agg.agreement),
      failRate: histogram(agg.failRate),
      tokens: tokensPerStage(agg),
    };
    const fromAggregatesMs = performance.now() - t;

    t = performance.now();
    const rows = await readRows(db, run.id);
    const counted = rowFigures(rows);
    const fromRowsMs = performance.now() - t;
    if (rows.length !== n || counted.attempts !== n || view.funnel.length !== STAGES.length)
      throw new Error(`stored ${rows.length} rows, expected ${n}`);
    check(agg, rows);
    for (const stage of STAGES)
      if (stage !== 'select' && !counted.stages[stage].failed)
        throw new Error(`no attempt failed at ${stage}: the bench must reject at every stage`);

    // A run stored before the aggregates existed: folded once from its rows, a page at a time.
    await db.runAggregates.delete(run.id);
    t = performance.now();
    const folded = (await ensureRunAggregates(db, run.id))!;
    const foldS = (performance.now() - t) / 1000;
    check(folded, rows);
    same('incremental = folded (funnel)', folded.stages, agg.stages);

    const pace = paceOf(agg.recent);
    console.log(`aggregates.attempts=${n}`);
    console.log(`aggregates.exact=${true}`);
    console.log(`aggregates.fold_${n - live}_stored_s=${firstFoldS.toFixed(2)}`);
    console.log(`aggregates.store_ms_per_attempt=${storeMs.toFixed(2)}`);
    console.log(`aggregates.row_bytes=${JSON.stringify(agg).length}`);
    console.log(`aggregates.dashboard_from_aggregates_ms=${fromAggregatesMs.toFixed(1)}`);
    console.log(`aggregates.dashboard_from_rows_ms=${fromRowsMs.toFixed(1)}`);
    console.log(
      `aggregates.rows_over_aggregates=${(fromRowsMs / Math.max(fromAggregatesMs, 0.01)).toFixed(0)}`,
    );
    console.log(`aggregates.fold_whole_run_s=${foldS.toFixed(2)}`);
    for (const [role, rate] of Object.entries(pace?.tokensPerS ?? {}))
      console.log(`aggregates.tokens_per_s_${role}=${rate.toFixed(0)}`);
  } finally {
    db.close();
    await db.delete();
  }
}
