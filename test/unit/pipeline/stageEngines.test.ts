import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../../src/core/pipeline/runPipeline';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { stageEngines } from '../../../src/core/pipeline/stageEngines';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { MemoryRunStore } from '../../support/memoryRunStore';

const qs = ['What is 2 plus 2?', 'What is 3 times 3?', 'What is 10 minus 7?'];
const sols: Record<string, string> = {
  'What is 2 plus 2?': '\\boxed{4}',
  'What is 3 times 3?': '\\boxed{9}',
  'What is 10 minus 7?': '\\boxed{3}',
};
const scripted = () =>
  new ScriptedEngine(
    (seed) => ({ text: qs[seed % qs.length]! }),
    (q, n) => Array.from({ length: n }, () => sols[q] ?? 'no'),
  );

describe('per-role engines', () => {
  it('sends each stage to its own engine: generate, judge and solve apart', async () => {
    const [generator, judge, solver] = [scripted(), scripted(), scripted()];
    const store = new MemoryRunStore();
    const config = {
      ...defaultRunConfig({ targetPairs: 3 }),
      selection: { preferMajority: true, scorer: 'local-judge' as const, scorerMaxTokens: 16 },
    };
    const progress = await runPipeline({
      runId: 'roles',
      config,
      engine: generator,
      engines: { judge, solve: solver },
      store,
    });
    expect(progress.kept).toBe(3);
    expect(generator.completeCalls.length).toBeGreaterThanOrEqual(3);
    expect(generator.chatCalls).toHaveLength(0);
    expect(judge.completeCalls).toHaveLength(0);
    // Solvability verdicts plus the 1–10 solution scores (score falls back to the judge's engine).
    expect(judge.judgeCalls.length).toBeGreaterThanOrEqual(3 + 3 * config.solve.samples);
    expect(solver.completeCalls).toHaveLength(0);
    expect(solver.judgeCalls).toHaveLength(0);
    expect(solver.chatCalls.length).toBeGreaterThanOrEqual(3);
  });

  it('defaults every role to the one engine, and score to the judge', () => {
    const [a, b] = [scripted(), scripted()];
    const all = stageEngines(a);
    expect(new Set(Object.values(all))).toEqual(new Set([a]));
    const judged = stageEngines(a, { judge: b });
    expect([judged.generate, judged.judge, judged.solve, judged.score]).toEqual([a, b, a, b]);
  });
});
