import { createRun, getRun } from '../../src/db/runRepository';
import type { QuestionRow } from '../../src/db/rows';
import type { StudioDb } from '../../src/db/studioDb';
import { defaultRunConfig, type RunConfig } from '../../src/core/pipeline/runConfig';
import { createRunService, type RunServiceDeps } from '../../src/services/runService';
import { ScriptedEngine } from './scriptedEngine';
import { remoteBackends, accessTo } from './backends';

/** Two GSM8K-style questions, each solved with the same boxed answer every time. */
export const HARNESS_QUESTIONS = [
  'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?',
  'Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?',
];

/** Runs `config` (questions from HARNESS_QUESTIONS by seed) through a run service; returns its questions. */
export async function runWithService(
  db: StudioDb,
  config: Partial<RunConfig>,
  deps: Omit<RunServiceDeps, 'db' | 'createEngine'> = {},
  questionFor: (seed: number) => string = (seed) => HARNESS_QUESTIONS[seed % 2]!,
): Promise<{ questions: QuestionRow[]; status: string | undefined }> {
  const engine = new ScriptedEngine(
    (seed) => ({ text: questionFor(seed) }),
    (_q, n) => Array.from({ length: n }, () => 'So the answer is \\boxed{72}.'),
  );
  const run = await createRun(db, {
    name: 'harness',
    config: { ...defaultRunConfig({ targetPairs: 2, seed: 0 }), maxAttempts: 2, ...config },
    backends: remoteBackends('http://scripted.invalid', 'scripted'),
    appVersion: 'test',
  });
  const service = createRunService({ db, createEngine: () => engine, ...deps });
  await service.start(run.id, accessTo('http://scripted.invalid', 'scripted'), () => {});
  const questions = await db.questions.where('runId').equals(run.id).sortBy('index');
  return { questions, status: (await getRun(db, run.id))?.status };
}
