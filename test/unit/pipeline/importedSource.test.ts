import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../../src/core/pipeline/runPipeline';
import {
  attemptLimit,
  defaultRunConfig,
  type RunConfig,
} from '../../../src/core/pipeline/runConfig';
import { validateRunConfig } from '../../../src/core/pipeline/runConfigSchema';
import { importedQuestion } from '../../../src/core/pipeline/importedQuestion';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { MemoryRunStore } from '../../support/memoryRunStore';

const imported = [
  'What is 6 times 7?',
  '   ',
  'What is 6 TIMES 7?',
  '¿Cuánto es 6 por 7?',
  'What is 10 minus 4?',
];
const answers: Record<string, string[]> = {
  'What is 6 times 7?': ['\\boxed{42}', '\\boxed{42}', '\\boxed{42}'],
  'What is 10 minus 4?': ['\\boxed{6}', '\\boxed{6}', '\\boxed{5}'],
};

function importedConfig(questions: string[], overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    ...defaultRunConfig({ targetPairs: 10 }),
    maxAttempts: 100,
    source: { kind: 'imported', name: 'my-file.jsonl', questions },
    ...overrides,
  };
}

describe('imported questions as a run source', () => {
  it('takes questions[i] for attempt i, never calls the generator, and runs every later stage', async () => {
    const engine = new ScriptedEngine(
      () => ({ text: 'GENERATED — must not be used' }),
      (q, n) => (answers[q] ?? []).slice(0, n),
    );
    const store = new MemoryRunStore();
    const progress = await runPipeline({
      runId: 'imp',
      config: importedConfig(imported),
      engine,
      store,
    });
    // Capped at the list's length although maxAttempts is 100 and the target not reached.
    expect(progress.attempts).toBe(5);
    expect(progress.kept).toBe(2);
    expect(engine.completeCalls).toHaveLength(0);
    expect(progress.rejected).toEqual({ generate: 1, dedup: 1, language: 1 });
    const first = store.questions.get('imp:0')!;
    expect(first.text).toBe('What is 6 times 7?');
    expect(first.generation.model).toBe('imported: my-file.jsonl');
    expect(first.generation.completionTokens).toBe(0);
    expect(first.verdicts[0]).toEqual({
      stage: 'generate',
      pass: true,
      reason: 'imported from my-file.jsonl (#1)',
    });
    expect(first.verdicts.map((v) => v.stage)).toContain('judge');
    expect(store.questions.get('imp:1')!.verdicts[0]).toMatchObject({
      pass: false,
      reason: 'imported question is empty',
    });
    expect(store.questions.get('imp:2')!.rejectedAt).toBe('dedup');
    expect(store.questions.get('imp:3')!.rejectedAt).toBe('language');
    expect(store.questions.get('imp:4')!.majorityAnswer).toBe('6');
    expect(progress.tokensByStage?.generate).toBeUndefined();
  });

  it('rejects a too-long imported question but not a short one', () => {
    const screen = { minChars: 50, maxChars: 20, rejectMalformed: true };
    expect(importedQuestion('f', ['2+2?'], 0, screen).verdict.pass).toBe(true);
    expect(importedQuestion('f', ['x'.repeat(21)], 0, screen).verdict).toMatchObject({
      pass: false,
      reason: 'too long: 21 characters, at most 20 allowed',
    });
    expect(importedQuestion('f', [], 3, screen).verdict.pass).toBe(false);
  });

  it('caps the attempt limit at the number of imported questions', () => {
    expect(attemptLimit(importedConfig(['a', 'b', 'c']))).toBe(3);
    expect(attemptLimit(importedConfig(['a', 'b', 'c'], { maxAttempts: 2 }))).toBe(2);
    expect(attemptLimit({ ...defaultRunConfig(), maxAttempts: 40 })).toBe(40);
    expect(attemptLimit({ ...defaultRunConfig(), source: { kind: 'generate' } })).toBe(
      defaultRunConfig().maxAttempts,
    );
  });

  it('validates the source', () => {
    expect(validateRunConfig(importedConfig(['a']))).toEqual([]);
    expect(validateRunConfig(importedConfig([]))).toContain('The imported question list is empty.');
    expect(
      validateRunConfig({
        ...importedConfig(['a']),
        source: { kind: 'imported', name: ' ', questions: ['a'] },
      }),
    ).toContain('Imported questions need a name (e.g. the file they came from).');
    const bad = importedConfig([]);
    (bad.source as { questions: unknown[] }).questions = ['ok', 3];
    expect(validateRunConfig(bad)).toContain('Every imported question must be text.');
    const unknown = { ...defaultRunConfig(), source: { kind: 'web' } } as unknown as RunConfig;
    expect(validateRunConfig(unknown)).toEqual([
      'The question source must be "generate" or "imported".',
    ]);
  });
});
