import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../../src/core/pipeline/runPipeline';
import { defaultRunConfig, validateRunConfig } from '../../../src/core/pipeline/runConfig';
import type { PipelineEvent } from '../../../src/core/pipeline/pipelineEvents';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { MemoryRunStore } from '../../support/memoryRunStore';

const questions = [
  { text: 'What is 6 times 7?' },
  { text: '¿Cuánto es 6 por 7?' },
  { text: 'what is 6   TIMES 7?' },
  { text: 'Half a question about', finish: 'length' as const },
  { text: 'What is 10 minus 4?' },
  { text: 'Who knows?' },
  { text: 'What is 3 plus 5?' },
];
const answers: Record<string, string[]> = {
  'What is 6 times 7?': ['6*7 = \\boxed{42}', 'So \\boxed{42}', 'The answer is 41.'],
  'What is 10 minus 4?': ['\\boxed{6}', '\\boxed{6}', '\\boxed{6}'],
  'Who knows?': ['no idea', 'cannot say', 'unclear'],
  'What is 3 plus 5?': ['\\boxed{8}', 'The final answer is 8.', '\\boxed{9}'],
};

function engine(beforeChat?: (call: number, signal?: AbortSignal) => void) {
  return new ScriptedEngine(
    (seed) => questions[seed % questions.length]!,
    (q, n) => (answers[q] ?? []).slice(0, n),
    beforeChat,
  );
}

describe('runPipeline', () => {
  it('takes every attempt through the stages and stops at the target', async () => {
    const store = new MemoryRunStore();
    const events: PipelineEvent[] = [];
    const e = engine();
    const progress = await runPipeline({
      runId: 'r1',
      config: defaultRunConfig({ targetPairs: 3, seed: 0 }),
      engine: e,
      store,
      onEvent: (ev) => events.push(ev),
      now: () => 1,
    });
    expect(progress.kept).toBe(3);
    expect(progress.attempts).toBe(7);
    expect(progress.rejected).toEqual({ language: 1, dedup: 1, generate: 1, solve: 1 });
    // Cheap filters run before solving: only the four questions that passed them were solved.
    expect(e.chatCalls).toHaveLength(4);
    const kept = [...store.questions.values()].filter((q) => q.status === 'kept');
    expect(kept.map((q) => q.majorityAnswer)).toEqual(['42', '6', '8']);
    const first = store.questions.get('r1:0')!;
    expect(first.verdicts.map((v) => v.stage)).toEqual([
      'generate',
      'language',
      'dedup',
      'solve',
      'majority',
      'select',
    ]);
    expect(first.agreement).toBeCloseTo(2 / 3);
    expect(store.solutions.get(first.chosenSolutionId!)!.text).toBe('So \\boxed{42}');
    expect(store.questions.get('r1:1')!.verdicts.at(-1)!.reason).toMatch(/non-ASCII/);
    expect(store.questions.get('r1:2')!.rejectedAt).toBe('dedup');
    expect(events.at(-1)).toMatchObject({ type: 'finished', outcome: 'target-reached' });
    expect(events.filter((ev) => ev.type === 'stored')).toHaveLength(7);
  });

  it('stops after maxAttempts when the target cannot be reached', async () => {
    const config = { ...defaultRunConfig({ targetPairs: 5 }), maxAttempts: 5 };
    const progress = await runPipeline({
      runId: 'r2',
      config,
      engine: engine(),
      store: new MemoryRunStore(),
    });
    expect(progress.attempts).toBe(5);
    expect(progress.kept).toBe(2);
  });

  it('resumes after an interruption without losing or repeating work', async () => {
    const store = new MemoryRunStore();
    const controller = new AbortController();
    const config = defaultRunConfig({ targetPairs: 3 });
    const interrupted = engine((call) => {
      if (call === 2) controller.abort();
    });
    await expect(
      runPipeline({ runId: 'r3', config, engine: interrupted, store, signal: controller.signal }),
    ).rejects.toThrow();
    expect(store.questions.size).toBe(4);
    const resumed = engine();
    const progress = await runPipeline({ runId: 'r3', config, engine: resumed, store });
    expect(progress.kept).toBe(3);
    expect(store.questions.size).toBe(7);
    // The resumed run started at the interrupted attempt (seed 4), not from the beginning.
    expect(resumed.completeCalls.map((c) => c.seed)).toEqual([4, 5, 6]);
    const texts = [...store.questions.values()]
      .filter((q) => q.status === 'kept')
      .map((q) => q.text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('validateRunConfig', () => {
  it('accepts the default', () => {
    expect(validateRunConfig(defaultRunConfig())).toEqual([]);
  });
  it('explains impossible settings', () => {
    const bad = defaultRunConfig();
    bad.targetPairs = 0;
    bad.solve = { ...bad.solve, samples: 0, topP: 0 };
    const problems = validateRunConfig(bad).join('\n');
    expect(problems).toMatch(/at least 1/);
    expect(problems).toMatch(/Solutions per question/);
    expect(problems).toMatch(/Solving top_p/);
  });
});
