import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../../src/core/pipeline/presets';
import { runPipeline } from '../../../src/core/pipeline/runPipeline';
import { defaultRunConfig, type RunConfig } from '../../../src/core/pipeline/runConfig';
import { validateRunConfig } from '../../../src/core/pipeline/runConfigSchema';
import type { PipelineEvent } from '../../../src/core/pipeline/pipelineEvents';
import { STAGES } from '../../../src/core/pipeline/records';
import type { ChatRequest, LlmEngine } from '../../../src/core/ports/llmEngine';
import { ScriptedEngine, type JudgeScript } from '../../support/scriptedEngine';
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

function engine(beforeChat?: (call: number, signal?: AbortSignal) => void, judge?: JudgeScript) {
  return new ScriptedEngine(
    (seed) => questions[seed % questions.length]!,
    (q, n) => (answers[q] ?? []).slice(0, n),
    beforeChat,
    judge,
  );
}

const judgedQuestion = (r: ChatRequest) => r.messages.at(-1)!.content.split('\n').at(-1)!;

/** Delays each answer by a few ms chosen from the seed, so overlapping attempts finish out of order. */
function jittered(inner: LlmEngine): LlmEngine {
  const wait = (seed = 0) => new Promise((r) => setTimeout(r, (seed * 7) % 5));
  return {
    info: inner.info,
    complete: async (req, signal) => {
      await wait(req.seed);
      signal?.throwIfAborted();
      return inner.complete(req, signal);
    },
    chat: async (req, signal) => {
      await wait((req.seed ?? 0) + req.messages.length);
      signal?.throwIfAborted();
      return inner.chat(req, signal);
    },
  };
}

describe('runPipeline', () => {
  it('takes every attempt through the stages, cheap checks first, and stops at the target', async () => {
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
    // No judge call for a question a cheap filter rejected: only the four that passed were judged.
    expect(e.judgeCalls.map(judgedQuestion)).toEqual([
      'What is 6 times 7?',
      'What is 10 minus 4?',
      'Who knows?',
      'What is 3 plus 5?',
    ]);
    expect(e.chatCalls).toHaveLength(8);
    const kept = [...store.questions.values()].filter((q) => q.status === 'kept');
    expect(kept.map((q) => q.majorityAnswer)).toEqual(['42', '6', '8']);
    const first = store.questions.get('r1:0')!;
    // A kept question passed every stage, in the pipeline's order.
    expect(first.verdicts.map((v) => v.stage)).toEqual(STAGES);
    // Contamination is on by default; without reference sets it is recorded as skipped, with why.
    expect(first.verdicts[3]).toEqual({
      stage: 'contamination',
      pass: true,
      skipped: true,
      reason: 'no reference set available',
    });
    expect(first.judge).toMatchObject({ mode: 'reasoning', verdict: 'yes', rule: 'final-verdict' });
    expect(first.solvePrompt).toMatch(/^What is 6 times 7\?\nPlease reason step by step/);
    expect(first.difficulty).toMatchObject({ distinctAnswers: 2, answered: 3 });
    expect(first.agreement).toBeCloseTo(2 / 3);
    expect(store.solutions.get(first.chosenSolutionId!)!.text).toBe('So \\boxed{42}');
    expect(store.questions.get('r1:1')!.verdicts.at(-1)!.reason).toMatch(/detected language 'es'/);
    expect(store.questions.get('r1:2')!.rejectedAt).toBe('dedup');
    expect(events.at(-1)).toMatchObject({ type: 'finished', outcome: 'target-reached' });
    expect(events.filter((ev) => ev.type === 'stored')).toHaveLength(7);
    // Tokens per stage add up to the totals.
    const byStage = progress.tokensByStage!;
    expect(Object.keys(byStage).sort()).toEqual(['generate', 'judge', 'solve']);
    const sum = Object.values(byStage).reduce((s, t) => s + t.completionTokens, 0);
    expect(sum).toBe(progress.completionTokens);
    expect(byStage.judge!.completionTokens).toBe(4 * 5);
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

  it('rejects at the judge before any solving, and keeps the judge output', async () => {
    const store = new MemoryRunStore();
    const e = engine(undefined, (r) =>
      judgedQuestion(r).includes('10 minus')
        ? { text: 'Answer: Yes... wait, no.\nAnswer: No', finishReason: 'stop' }
        : undefined,
    );
    await runPipeline({
      runId: 'j',
      config: defaultRunConfig({ targetPairs: 3 }),
      engine: e,
      store,
    });
    const q = store.questions.get('j:4')!;
    expect(q.rejectedAt).toBe('judge');
    expect(q.judge?.output).toMatch(/Answer: No$/);
    expect(q.verdicts.at(-1)!.reason).toMatch(/concluded No/);
    // Its solutions were never sampled.
    const solved = e.chatCalls.filter((c) => c.messages[0]!.role === 'user');
    expect(solved.map((c) => c.messages[0]!.content)).not.toContainEqual(
      expect.stringContaining('10 minus'),
    );
  });

  it('resumes after an interruption without losing or repeating work', async () => {
    const store = new MemoryRunStore();
    const controller = new AbortController();
    const config = defaultRunConfig({ targetPairs: 3 });
    const interrupted = engine(() => {
      if (store.questions.size >= 3) controller.abort();
    });
    await expect(
      runPipeline({ runId: 'r3', config, engine: interrupted, store, signal: controller.signal }),
    ).rejects.toThrow();
    const stored = store.questions.size;
    expect(stored).toBeGreaterThanOrEqual(3);
    expect(store.progress.get('r3')!.attempts).toBe(stored);
    const resumed = engine();
    const progress = await runPipeline({ runId: 'r3', config, engine: resumed, store });
    expect(progress.kept).toBe(3);
    expect(store.questions.size).toBe(7);
    // The resumed run started at the first attempt not stored, not from the beginning.
    expect(resumed.completeCalls[0]!.seed).toBe(stored);
    const texts = [...store.questions.values()]
      .filter((q) => q.status === 'kept')
      .map((q) => q.text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('runPipeline with overlapping attempts', () => {
  const many = (seed: number) => {
    const base = questions[seed % questions.length]!;
    // Every 7 attempts the questions repeat with a new number, so there is always more to keep.
    const round = Math.floor(seed / questions.length);
    return round === 0 ? base : { ...base, text: base.text.replace(/\d+/, (d) => `${+d + round}`) };
  };
  const solver = (q: string, n: number) => {
    const nums = q.match(/\d+/g)?.map(Number) ?? [];
    if (q.startsWith('Who')) return ['no idea', 'unclear'].slice(0, n);
    const value = q.includes('times')
      ? nums[0]! * nums[1]!
      : q.includes('minus')
        ? nums[0]! - nums[1]!
        : nums[0]! + nums[1]!;
    return Array.from({ length: n }, (_, i) => `${'.'.repeat(i)}\\boxed{${value}}`);
  };
  const config = (concurrency: number, lookAhead: number): RunConfig => ({
    ...defaultRunConfig({ targetPairs: 12, seed: 0 }),
    maxAttempts: 60,
    concurrency,
    lookAhead,
  });
  const summary = (store: MemoryRunStore, runId: string) =>
    [...store.questions.values()]
      .filter((q) => q.runId === runId)
      .sort((a, b) => a.index - b.index)
      .map((q) => `${q.index}:${q.status}:${q.rejectedAt ?? ''}:${q.text}`);

  it('keeps exactly what a one-at-a-time run keeps, across an interruption and resume', async () => {
    const sequentialStore = new MemoryRunStore();
    await runPipeline({
      runId: 'seq',
      config: config(1, 0),
      engine: new ScriptedEngine(many, solver),
      store: sequentialStore,
    });
    const expected = summary(sequentialStore, 'seq');

    const store = new MemoryRunStore();
    const controller = new AbortController();
    let calls = 0;
    const first = jittered(
      new ScriptedEngine(many, solver, () => {
        if (++calls === 15) controller.abort();
      }),
    );
    await expect(
      runPipeline({
        runId: 'par',
        config: config(4, 2),
        engine: first,
        store,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    const partial = summary(store, 'par');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(expected.length);
    // Stored attempts are a contiguous prefix, and progress says exactly that.
    expect(partial.map((l) => Number(l.split(':')[0]))).toEqual(partial.map((_, i) => i));
    expect(store.progress.get('par')!.attempts).toBe(partial.length);

    await runPipeline({
      runId: 'par',
      config: config(4, 2),
      engine: jittered(new ScriptedEngine(many, solver)),
      store,
    });
    const final = summary(store, 'par');
    expect(final).toEqual(expected);
    expect(store.progress.get('par')!.kept).toBe(12);
    expect(store.progress.get('par')!.attempts).toBe(final.length);
  });

  it('resumed one pair short of a wide run’s target, starts about what its keep rate needs', async () => {
    const store = new MemoryRunStore();
    await runPipeline({
      runId: 'r',
      config: config(1, 0),
      engine: new ScriptedEngine(many, solver),
      store,
    });
    const before = store.progress.get('r')!;
    expect(before.kept).toBe(12);
    let generated = 0;
    const inner = jittered(new ScriptedEngine(many, solver));
    const counting: LlmEngine = {
      ...inner,
      complete: (req, signal) => (generated++, inner.complete(req, signal)),
    };
    const wide = { ...config(64, 4), targetPairs: 13 };
    await runPipeline({ runId: 'r', config: wide, engine: counting, store });
    expect(store.progress.get('r')!.kept).toBe(13);
    // Width 68, but one more pair at this run's rate needs a handful of attempts (a few more
    // start as rejected ones finish); the whole width would be abandoned unstored. Before this
    // was bounded, all 68 started.
    const used = store.progress.get('r')!.attempts - before.attempts;
    expect(generated).toBeGreaterThanOrEqual(used);
    expect(generated).toBeLessThan(16);
  });

  it('rejects a duplicate of an earlier question still in flight only if that one is kept', async () => {
    // Attempts 0 and 1 are the same question; the judge says No to it the first time only.
    const texts = ['What is 2 plus 2?', 'What is 2 plus 2?', 'What is 4 plus 4?'];
    let judged = 0;
    const run = async (firstVerdict: 'Yes' | 'No') => {
      judged = 0;
      const store = new MemoryRunStore();
      const e = jittered(
        new ScriptedEngine(
          (seed) => ({ text: texts[seed % 3]! }),
          solver,
          undefined,
          (r) =>
            judgedQuestion(r).includes('2 plus 2') && judged++ === 0
              ? { text: `Answer: ${firstVerdict}`, finishReason: 'stop' }
              : undefined,
        ),
      );
      const c = { ...config(4, 4), maxAttempts: 3, targetPairs: 3 };
      await runPipeline({ runId: 'd', config: c, engine: e, store });
      return summary(store, 'd').map((l) => l.split(':').slice(1, 3).join(':'));
    };
    expect(await run('Yes')).toEqual(['kept:', 'rejected:dedup', 'kept:']);
    expect(await run('No')).toEqual(['rejected:judge', 'kept:', 'kept:']);
  });
});

describe('runPipeline ports', () => {
  it('uses a plugged duplicate checker and contamination checker', async () => {
    const store = new MemoryRunStore();
    const added: string[] = [];
    const contaminated = 'What is 10 minus 4?';
    const config = defaultRunConfig({ targetPairs: 2 });
    config.contamination.action = 'drop';
    const e = engine();
    const progress = await runPipeline({
      runId: 'p',
      config,
      engine: e,
      store,
      duplicates: {
        // A "near" rule for the test: same first three words.
        check: (text) => {
          const head = (t: string) => t.toLowerCase().split(/\s+/).slice(0, 3).join(' ');
          const hit = added.find((t) => head(t) === head(text));
          return hit
            ? { duplicate: true, kind: 'near', of: hit, similarity: 0.8 }
            : { duplicate: false };
        },
        add: (_id, text) => void added.push(text),
      },
      contamination: {
        sources: ['gsm8k-test'],
        check: (text) =>
          text === contaminated
            ? { contaminated: true, source: 'gsm8k-test', overlap: 0.9 }
            : { contaminated: false, overlap: 0 },
      },
    });
    expect(progress.kept).toBe(2);
    expect(added).toEqual(['What is 6 times 7?', 'What is 3 plus 5?']);
    const dup = store.questions.get('p:2')!;
    expect(dup.duplicate).toEqual({ kind: 'near', of: 'What is 6 times 7?', similarity: 0.8 });
    expect(dup.verdicts.at(-1)!.reason).toMatch(/near duplicate of .*similarity 0\.80/);
    const cont = store.questions.get('p:4')!;
    expect(cont.rejectedAt).toBe('contamination');
    expect(cont.verdicts.at(-1)!.reason).toMatch(/gsm8k-test \(90% of 13-grams\)/);
    // Neither was judged.
    expect(e.judgeCalls.map(judgedQuestion)).not.toContain(contaminated);
  });

  it('scores candidates with the local judge scorer and keeps the best one', async () => {
    const store = new MemoryRunStore();
    const config = defaultRunConfig({ targetPairs: 1 });
    config.selection = { preferMajority: true, scorer: 'local-judge', scorerMaxTokens: 8 };
    const e = engine(undefined, (r) =>
      r.messages.at(-1)!.content.includes('Solution:')
        ? {
            text: r.messages.at(-1)!.content.includes('6*7') ? 'Score: 9' : 'Score: 4',
            finishReason: 'stop',
          }
        : undefined,
    );
    await runPipeline({ runId: 's', config, engine: e, store });
    const q = store.questions.get('s:0')!;
    const sols = [0, 1, 2].map((i) => store.solutions.get(`s:0:${i}`)!);
    expect(sols.map((s) => s.judgeScore)).toEqual([9, 4, undefined]);
    expect(sols.map((s) => s.candidate)).toEqual([true, true, false]);
    expect(q.chosenSolutionId).toBe('s:0:0');
    expect(q.verdicts.at(-1)!.reason).toMatch(/score 9/);
    expect(q.tokens?.select?.completionTokens).toBeGreaterThan(0);
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
  it('rejects impossible combinations with a reason', () => {
    const c = defaultRunConfig();
    c.solve.samples = 1;
    c.judge = { ...c.judge, mode: 'fast', lenientYes: true };
    c.difficulty = { ...c.difficulty, dropUnanimous: 'if-rated-easy', rating: 'off' };
    c.dedup = { ...c.dedup, permutations: 100, bands: 32 };
    c.concurrency = 0;
    const problems = validateRunConfig(c).join('\n');
    expect(problems).toMatch(/difficulty band needs at least 2 solutions/);
    expect(problems).toMatch(/lenient .* only applies to the reasoning judge/);
    expect(problems).toMatch(/rated easy needs the difficulty rating/);
    expect(problems).toMatch(/multiple of the number of bands/);
    expect(problems).toMatch(/Concurrent requests/);
  });
});

describe('runPipeline with the "ScaleQuest (paper)" preset', () => {
  it('runs the paper’s code: cut-off questions kept, its judge prompt, its system message, its response filter', async () => {
    const store = new MemoryRunStore();
    const script = [
      { text: '  What is 6 times 7?\n' },
      { text: 'A cut-off question about 9 plus', finish: 'length' as const },
    ];
    const replies: Record<string, string[]> = {
      'What is 6 times 7?': [
        ' So it is \\boxed{42}.\n',
        'The answer is 42',
        'It is 42.',
        'THE ANSWER IS 41',
        'final answer is 42',
      ],
      'A cut-off question about 9 plus': ['\\boxed{9', 'no idea', 'none', 'none', 'none'],
    };
    const e = new ScriptedEngine(
      (seed) => script[seed % script.length]!,
      (q, n) => (replies[q] ?? []).slice(0, n),
      undefined,
      () => ({ text: 'Let me see... the eyes have it.\nNo', finishReason: 'stop' }),
    );
    const config = presetConfig('scalequest-paper', { targetPairs: 2, seed: 0 });
    const progress = await runPipeline({ runId: 'p', config, engine: e, store, now: () => 1 });
    expect(progress.kept).toBe(2);
    // the judge saw the paper's prompt and its system message, and "eyes" counted as "yes"
    expect(e.judgeCalls[0]!.messages[0]).toEqual({
      role: 'system',
      content: 'You are a helpful assistant.',
    });
    expect(e.judgeCalls[0]!.messages[1]!.content).toMatch(
      /^Please act as a professional math teacher\./,
    );
    expect(e.judgeCalls[0]!.messages[1]!.content).toMatch(/Given Problem: What is 6 times 7\?$/);
    // the solver got the system message and the question stripped, as the paper's template has it
    const solve = e.chatCalls.find((c) =>
      c.messages.at(-1)!.content.includes('put your final answer'),
    )!;
    expect(solve.messages[0]).toEqual({ role: 'system', content: 'You are a helpful assistant.' });
    expect(solve.messages[1]!.content).toBe(
      'What is 6 times 7?\nPlease reason step by step, and put your final answer within \\boxed{}.',
    );
    const [first, second] = [...store.questions.values()];
    expect(first!.text).toBe('What is 6 times 7?');
    // a continuation cut off by max_tokens is kept, as the paper's code keeps it
    expect(second!.status).toBe('kept');
    const solutions = [...store.solutions.values()].filter((s) => s.questionId === first!.id);
    expect(solutions.map((s) => s.text)[0]).toBe('So it is \\boxed{42}.');
    expect(solutions.map((s) => s.statesAnswer)).toEqual([true, true, false, false, true]);
  });
});
