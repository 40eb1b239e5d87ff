// The studio's Start checks each remote role's group first (issue 15 item 4).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from '../../../src/db/studioDb';
import { RunManager } from '../../../src/state/runManager.svelte';
import { EndpointSettings } from '../../../src/state/endpointSettings.svelte';
import { sameForAll } from '../../../src/state/stageChoices';
import { startTestServer, type TestServer } from '../../support/openAiTestServer';
import { MemoryStorage } from '../../support/memoryStorage';
import type { RunWorkerPort } from '../../../src/services/runDispatcher';

let db: StudioDb | undefined;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await db?.delete();
});

async function setup(model: string, down = false) {
  db = new StudioDb(`preflight-${Math.random()}`);
  const server = await startTestServer();
  servers.push(server);
  if (down) await server.close();
  const settings = new EndpointSettings(new MemoryStorage());
  Object.assign(settings.endpoints[0]!, { baseUrl: server.url, model });
  const started: string[] = [];
  const worker = {
    start: (id: string) => {
      started.push(id);
      return Promise.resolve({ status: 'done' as const });
    },
    stop: () => Promise.resolve(),
    end: () => Promise.resolve(),
  } as unknown as RunWorkerPort;
  const runs = new RunManager({ db, worker: () => worker, proxy: (f) => f, control: null });
  const choices = sameForAll({ kind: 'remote', groupId: settings.groups[0]!.id });
  return { runs, settings, choices, started, server };
}

const form = { name: 'checked', targetPairs: 2, samples: 2, seed: 0 };

describe('Start checks the servers first', () => {
  it('refuses a misnamed model with the Test connection explanation and creates no run', async () => {
    const { runs, settings, choices, started } = await setup('scripted-maths');
    const problems = await runs.createAndStart(form, settings.access, choices);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /\(generate, judge, solve, score\) at http:\/\/127\.0\.0\.1:\d+\/v1: Model not served\. The server does not serve 'scripted-maths'\. It lists: scripted-math\./,
    );
    expect(await db!.runs.count()).toBe(0);
    expect(started).toEqual([]);
  });

  it('refuses an unreachable server, and starts once the settings are right', async () => {
    const down = await setup('scripted-math', true);
    const problems = await down.runs.createAndStart(form, down.settings.access, down.choices);
    expect(problems[0]).toMatch(/Server unreachable/);
    expect(await db!.runs.count()).toBe(0);
    await db!.delete();

    const up = await setup('scripted-math');
    expect(await up.runs.createAndStart(form, up.settings.access, up.choices)).toEqual([]);
    expect(await db!.runs.count()).toBe(1);
  });
});
