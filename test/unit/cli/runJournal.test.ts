// The journal RunStore: fsync'd JSON lines, progress replayed from them, torn last lines, config hash.
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalCorruptError } from '../../../src/cli/run/journalLines';
import { JournalMismatchError, JournalRunStore } from '../../../src/cli/run/journalRunStore';
import type { QuestionRecord, SolutionRecord } from '../../../src/core/pipeline/records';
import { tempDir } from './runHarness';

function question(index: number, status: 'kept' | 'rejected'): QuestionRecord {
  return {
    id: `r:${index}`,
    runId: 'r',
    index,
    text: `question ${index}`,
    dedupKey: `key-${index}`,
    status,
    ...(status === 'rejected' ? { rejectedAt: 'dedup' as const } : {}),
    verdicts: [],
    generation: {
      prompt: 'p',
      rawText: `question ${index}`,
      finishReason: 'stop',
      seed: index,
      promptTokens: 10,
      completionTokens: 5,
      model: 'm',
    },
    majorityAnswer: status === 'kept' ? '1' : null,
    agreement: 1,
    chosenSolutionId: status === 'kept' ? `r:${index}:0` : null,
    createdAt: 0,
  };
}

function solution(index: number): SolutionRecord {
  return {
    id: `r:${index}:0`,
    questionId: `r:${index}`,
    runId: 'r',
    index: 0,
    text: 'the answer is \\boxed{1}',
    finishReason: 'stop',
    answer: '1',
    inMajority: true,
    chosen: true,
    completionTokens: 7,
  };
}

const options = { runId: 'r', configHash: 'hash-a' };

describe('JournalRunStore', () => {
  it('replays progress from the lines and never writes an attempt id twice', async () => {
    const path = join(tempDir(), 'out.journal.jsonl');
    const store = await JournalRunStore.open(path, options);
    await store.saveQuestion(question(0, 'kept'), [solution(0)]);
    await store.saveQuestion(question(1, 'rejected'), []);
    const again = await store.saveQuestion(question(1, 'rejected'), []);
    expect(again.attempts).toBe(2);
    await store.close();

    const reopened = await JournalRunStore.open(path, options);
    const progress = await reopened.loadProgress('r');
    expect(progress).toMatchObject({ attempts: 2, kept: 1, rejected: { dedup: 1 } });
    expect(progress.completionTokens).toBe(5 + 7 + 5);
    expect(await reopened.hasKeptQuestion('key-0')).toBe(true);
    expect(await reopened.hasKeptQuestion('key-1')).toBe(false);
    expect(reopened.keptQuestions).toEqual([{ id: 'r:0', text: 'question 0' }]);
    await reopened.close();
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('drops a torn last line on open and appends cleanly after it', async () => {
    const path = join(tempDir(), 'out.journal.jsonl');
    const store = await JournalRunStore.open(path, options);
    await store.saveQuestion(question(0, 'kept'), [solution(0)]);
    await store.close();
    const complete = statSync(path).size;
    appendFileSync(path, '{"kind":"attempt","question":{"id":"r:1","te');

    const reopened = await JournalRunStore.open(path, options);
    expect(reopened.resumed).toEqual({ attempts: 1, tornBytes: 44 });
    expect(statSync(path).size).toBe(complete);
    await reopened.saveQuestion(question(1, 'kept'), [solution(1)]);
    await reopened.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual([
      'header',
      'attempt',
      'attempt',
    ]);
  });

  it('refuses a journal written with other settings unless restarting', async () => {
    const path = join(tempDir(), 'out.journal.jsonl');
    const store = await JournalRunStore.open(path, options);
    await store.saveQuestion(question(0, 'kept'), [solution(0)]);
    await store.close();
    await expect(JournalRunStore.open(path, { ...options, configHash: 'hash-b' })).rejects.toThrow(
      JournalMismatchError,
    );
    const restarted = await JournalRunStore.open(path, {
      ...options,
      configHash: 'hash-b',
      restart: true,
    });
    expect((await restarted.loadProgress('r')).attempts).toBe(0);
    await restarted.close();
    expect(readFileSync(path, 'utf8')).toContain('"configHash":"hash-b"');
  });

  it('stops at a damaged line in the middle', async () => {
    const path = join(tempDir(), 'out.journal.jsonl');
    const store = await JournalRunStore.open(path, options);
    await store.close();
    appendFileSync(path, 'not json\n{"kind":"attempt"}\n');
    await expect(JournalRunStore.open(path, options)).rejects.toThrow(JournalCorruptError);
  });
});
