// A browser-side run whose score role is a remote reward model (vLLM /pooling).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { createRun } from '../../../src/db/runRepository';
import { createRunService } from '../../../src/services/runService';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { rewardScore, startTestServer, type TestServer } from '../../support/openAiTestServer';
import { accessTo, remoteBackends } from '../../support/backends';

let db: StudioDb | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  await db?.delete();
});

async function runWith(scorer: 'reward-model' | 'local-judge') {
  db = new StudioDb(`reward-${scorer}-${Math.random()}`);
  server = await startTestServer();
  const config = defaultRunConfig({ targetPairs: 2 });
  config.selection = { ...config.selection, scorer };
  const run = await createRun(db, {
    name: 'r',
    config,
    backends: remoteBackends(server.url, 'scripted-math'),
    appVersion: 't',
  });
  const service = createRunService({ db });
  const outcome = await service.start(run.id, accessTo(server.url, 'scripted-math'), () => {});
  expect(outcome).toEqual({ status: 'done' });
  return { run, solutions: await db.solutions.toArray(), questions: await db.questions.toArray() };
}

describe('reward model in browser runs', () => {
  it('scores every candidate through /pooling and keeps the top-ranked one', async () => {
    const { solutions, questions } = await runWith('reward-model');
    const pooling = server!.requests.filter((r) => r.path === '/pooling');
    const candidates = solutions.filter((s) => s.candidate);
    expect(pooling.length).toBeGreaterThanOrEqual(candidates.length);
    for (const s of candidates) {
      const q = questions.find((q) => q.id === s.questionId)!;
      expect(s.judgeScore).toBeCloseTo(rewardScore(q.text, s.text), 6);
    }
    for (const q of questions.filter((q) => q.status === 'kept')) {
      const chosen = solutions.find((s) => s.id === q.chosenSolutionId)!;
      expect(chosen.rank).toBe(0);
    }
  });

  it('uses the judge, not /pooling, when the scorer is the local judge', async () => {
    await runWith('local-judge');
    expect(server!.requests.filter((r) => r.path === '/pooling')).toHaveLength(0);
  });
});
