import 'fake-indexeddb/auto';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { StudioDb } from '../../../src/db/studioDb';
import { saveReferenceSet } from '../../../src/db/referenceSetRepository';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import { createDedupWorkerApi, type DedupWorkerApi } from '../../../src/services/dedupWorkerApi';
import { WorkerDuplicateChecker, workerRunIndexes } from '../../../src/services/workerRunIndexes';
import { HARNESS_QUESTIONS, runWithService } from '../../support/runServiceHarness';

let db: StudioDb | undefined;
const ports: MessagePort[] = [];
afterEach(async () => {
  for (const p of ports.splice(0)) p.close();
  await db?.delete();
});

/** The dedup worker's API behind a real MessageChannel, as the page sees it through Comlink. */
function dedupWorkerOver(d: StudioDb): { remote: Comlink.Remote<DedupWorkerApi>; calls: string[] } {
  const api = createDedupWorkerApi({ db: d });
  const calls: string[] = [];
  const counted = Object.fromEntries(
    Object.entries(api).map(([name, call]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        return (call as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  );
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(counted, nodeEndpoint(port1));
  return { remote: Comlink.wrap<DedupWorkerApi>(nodeEndpoint(port2)), calls };
}

const variant = HARNESS_QUESTIONS[0]!.replace('48', '52');

describe('project indexes in the dedup worker', () => {
  it('checks and adds through Comlink with the run’s dedup settings', async () => {
    db = new StudioDb(`dedup-worker-${Math.random()}`);
    const { remote } = dedupWorkerOver(db);
    const config = defaultRunConfig();
    const opened = await remote.openRun(config);
    expect(opened).toEqual({ handle: 1, duplicates: true, contamination: null });
    const checker = new WorkerDuplicateChecker(remote, opened.handle);
    expect(await checker.check(HARNESS_QUESTIONS[0]!)).toEqual({ duplicate: false });
    await checker.add('q0', HARNESS_QUESTIONS[0]!);
    const verdict = await checker.check(variant);
    expect(verdict).toMatchObject({ duplicate: true, kind: 'near', of: 'q0' });
    expect(await checker.check(HARNESS_QUESTIONS[1]!)).toEqual({ duplicate: false });
    await remote.closeRun(opened.handle);
    await expect(remote.checkDuplicate(opened.handle, variant)).rejects.toThrow(/No open run/);
  });

  it('runs a page-side run with its project index and reference sets in the worker', async () => {
    const d = (db = new StudioDb(`dedup-worker-run-${Math.random()}`));
    await saveReferenceSet(d, {
      name: 'refs',
      source: 'refs.jsonl',
      texts: [HARNESS_QUESTIONS[1]!],
    });
    const { remote, calls } = dedupWorkerOver(d);
    const indexes = workerRunIndexes(() => remote);
    // First run keeps both questions; the second generates a near copy of the first one.
    const first = await runWithService(d, {}, { indexes });
    expect(first.questions.map((q) => q.status)).toEqual(['kept', 'kept']);
    expect(first.questions[1]!.contamination).toMatchObject({ contaminated: true, source: 'refs' });
    const second = await runWithService(d, { maxAttempts: 1 }, { indexes }, () => variant);
    const [copy] = second.questions;
    expect(copy).toMatchObject({ status: 'rejected', rejectedAt: 'dedup' });
    expect(copy!.duplicate).toMatchObject({ kind: 'near', of: first.questions[0]!.id });
    // Everything went through the worker, and each run's indexes were released at its end.
    expect(calls.filter((c) => c === 'openRun')).toHaveLength(2);
    expect(calls.filter((c) => c === 'closeRun')).toHaveLength(2);
    expect(calls).toContain('checkDuplicate');
    expect(calls).toContain('addDuplicate');
    expect(calls).toContain('checkContamination');
  });
});
