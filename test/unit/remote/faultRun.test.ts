// Issue 6 item 8: a whole batch against two faulty servers completes, every request answered once.
import { describe, expect, it } from 'vitest';
import { EndpointPool } from '../../../src/engine/remote/endpointPool';
import type { GenerationResult } from '../../../src/core/ports/llmEngine';
import type { TestServer } from '../../support/openAiTestServer';
import { mixedFaultOutcomes, mixedFaultRates as rates } from '../../support/serverFaults';
import { sampling, serve } from './poolHarness';

const model = 'scripted-math';

/** The server answers with the request's tag and seed, so a mixed-up answer is visible. */
function reply(body: Record<string, unknown>, index: number): string {
  const messages = body.messages as { content: string }[] | undefined;
  const tag = messages ? messages.at(-1)!.content : String(body.prompt);
  return `answer to ${tag} seed ${String(body.seed)} choice ${index}`;
}

function okCounts(servers: TestServer[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of servers.flatMap((s) => s.requests)) {
    if (request.outcome !== 'ok' || !request.body) continue;
    const messages = request.body.messages as { content: string }[] | undefined;
    const tag = messages ? messages.at(-1)!.content : String(request.body.prompt);
    const key = `${tag}|${String(request.body.seed)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('EndpointPool under faults', () => {
  it('answers 200 requests exactly once against two faulty servers that ignore n', async () => {
    const servers = [
      await serve({ faults: { seed: 1, rates, retryAfterS: 0.05 }, honoursN: false, reply }),
      await serve({ faults: { seed: 2, rates, retryAfterS: 0.05 }, honoursN: false, reply }),
    ];
    const pool = new EndpointPool({
      // Hung requests time out; a healthy one must not, even on a busy machine (it would be sent
      // twice and the exactly-once count below would fail for the wrong reason).
      endpoints: servers.map((s) => ({ baseUrl: s.url, model, timeoutMs: 3000 })),
      retry: { attempts: 25, baseDelayMs: 2, maxDelayMs: 40 },
      breaker: { failureThreshold: 5, cooldownMs: 30, maxCooldownMs: 100 },
    });
    const ids = Array.from({ length: 200 }, (_, i) => i);
    const results: GenerationResult[] = await Promise.all(
      ids.map((i) =>
        i % 2 === 0
          ? pool.complete({ prompt: `req-${i}`, seed: i, ...sampling })
          : pool.chat({
              messages: [{ role: 'user', content: `req-${i}` }],
              n: 2,
              seed: i,
              ...sampling,
            }),
      ),
    );

    const counts = okCounts(servers);
    for (const i of ids) {
      const texts = results[i]!.choices.map((c) => c.text);
      if (i % 2 === 0) {
        expect(texts).toEqual([`answer to req-${i} seed ${i} choice 0`]);
        // A completion is one request: the servers answered it successfully exactly once.
        expect(counts.get(`req-${i}|${i}`)).toBe(1);
      } else {
        expect(texts).toEqual([
          `answer to req-${i} seed ${i} choice 0`,
          `answer to req-${i} seed ${i + 7919} choice 0`,
        ]);
        expect(counts.get(`req-${i}|${i}`)).toBeGreaterThanOrEqual(1);
        expect(counts.get(`req-${i}|${i + 7919}`)).toBeGreaterThanOrEqual(1);
      }
    }
    const outcomes = new Set(servers.flatMap((s) => s.requests.map((r) => r.outcome)));
    for (const fault of mixedFaultOutcomes) expect(outcomes).toContain(fault);
    const stats = pool.snapshot();
    expect(stats.queued).toBe(0);
    expect(stats.endpoints.map((e) => [e.inFlight, e.honoursN])).toEqual([
      [0, false],
      [0, false],
    ]);
    expect(stats.endpoints.reduce((sum, e) => sum + e.failed, 0)).toBeGreaterThan(60);
  });
});
