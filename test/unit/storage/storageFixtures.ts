import { expect } from 'vitest';
import { defaultRunConfig, type RunConfig } from '../../../src/core/pipeline/runConfig';
import { createRun } from '../../../src/db/runRepository';
import type { StudioDb } from '../../../src/db/studioDb';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { remoteBackends } from '../../support/backends';

/** A small run every question of which passes: distinct ASCII questions, agreeing solutions. */
export function smallConfig(targetPairs = 6): RunConfig {
  const config = defaultRunConfig({ targetPairs, seed: 0 });
  return {
    ...config,
    languageMode: 'ascii',
    dedup: { ...config.dedup, near: false },
    solve: { ...config.solve, samples: 2 },
  };
}

export function passingEngine(beforeChat?: (call: number) => void): ScriptedEngine {
  return new ScriptedEngine(
    (seed) => ({ text: `Tom has ${seed * 7 + 3} apples and buys ${seed + 2} more. How many now?` }),
    (question, n) => {
      const numbers = (question.match(/\d+/g) ?? []).map(Number);
      const sum = numbers.reduce((a, b) => a + b, 0);
      return Array.from({ length: n }, (_, i) => `Add them (way ${i}): \\boxed{${sum}}`);
    },
    beforeChat,
  );
}

export async function remoteRun(db: StudioDb, config: RunConfig) {
  return createRun(db, {
    name: 'storage',
    config,
    backends: remoteBackends('http://127.0.0.1:9', 'scripted'),
    appVersion: 'test',
  });
}

/** Stored rows agree with the run's progress: no orphans, no gaps, one chosen solution per kept. */
export async function expectConsistent(db: StudioDb, runId: string, samples: number) {
  const run = (await db.runs.get(runId))!;
  const questions = await db.questions.where('runId').equals(runId).sortBy('index');
  const solutions = await db.solutions.where('runId').equals(runId).toArray();
  expect(questions.map((q) => q.index)).toEqual(questions.map((_, i) => i));
  expect(questions).toHaveLength(run.progress.attempts);
  const kept = questions.filter((q) => q.status === 'kept');
  expect(kept).toHaveLength(run.progress.kept);
  const questionIds = new Set(questions.map((q) => q.id));
  expect(solutions.filter((s) => !questionIds.has(s.questionId))).toEqual([]);
  const solutionIds = new Set(solutions.map((s) => s.id));
  for (const q of kept) {
    expect(solutionIds.has(q.chosenSolutionId!)).toBe(true);
    expect(solutions.filter((s) => s.questionId === q.id)).toHaveLength(samples);
  }
  return { run, questions, solutions };
}
