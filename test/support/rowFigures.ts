/**
 * The dashboard's and the card's figures counted straight from stored question rows, written
 * independently of core/runs/runAggregates.ts, so tests comparing the two fail if either drifts.
 */
import { STAGES, type QuestionRecord, type StageName } from '../../src/core/pipeline/records';

export interface StageFigures {
  reached: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface RowFigures {
  attempts: number;
  kept: number;
  stages: Record<StageName, StageFigures>;
  /** Prompt + completion tokens per stage. */
  tokens: Record<StageName, number>;
  /** Solved questions per fifth of agreement (0–20% … 80–100%, 1 in the last). */
  agreementBins: number[];
  failRateBins: number[];
}

function bins(values: number[]): number[] {
  const out = [0, 0, 0, 0, 0];
  for (const v of values) out[Math.min(4, Math.floor(v * 5))]! += 1;
  return out;
}

export function rowFigures(rows: readonly QuestionRecord[]): RowFigures {
  const stages = Object.fromEntries(
    STAGES.map((s) => [s, { reached: 0, passed: 0, failed: 0, skipped: 0 }]),
  ) as Record<StageName, StageFigures>;
  const tokens = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<StageName, number>;
  for (const row of rows) {
    let last = -1;
    row.verdicts.forEach((v) => (last = Math.max(last, STAGES.indexOf(v.stage))));
    STAGES.forEach((stage, i) => {
      const v = row.verdicts.find((x) => x.stage === stage);
      let outcome: keyof StageFigures | undefined;
      if (v) {
        const skippedNote = stage === 'contamination' && v.reason?.startsWith('skipped');
        outcome = !v.pass ? 'failed' : v.skipped || skippedNote ? 'skipped' : 'passed';
      } else if (row.status === 'kept' || i < last) outcome = 'skipped';
      if (!outcome) return;
      stages[stage].reached += 1;
      stages[stage][outcome] += 1;
    });
    for (const [stage, t] of Object.entries(row.tokens ?? {}))
      tokens[stage as StageName] += t.promptTokens + t.completionTokens;
  }
  const solved = rows.filter((r) => r.difficulty);
  return {
    attempts: rows.length,
    kept: rows.filter((r) => r.status === 'kept').length,
    stages,
    tokens,
    agreementBins: bins(solved.map((r) => r.difficulty!.agreement)),
    failRateBins: bins(solved.map((r) => r.difficulty!.failRate)),
  };
}
