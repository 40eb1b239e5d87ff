// Starts the scripted server for the Playwright run (see test/e2e/playwright.config.ts).
//   --port N           (repeatable: one server per port, e.g. two replicas of one group)
//   --faults serverError=0.3,rateLimited=0.05,malformed=0.02   seeded fault mix (see serverFaults.ts)
//   --fault-seed N     --retry-after S   (seed of the mix; Retry-After of the 429s, in seconds)
//   --delay-ms N       wait before each generation answer (slow enough to reload mid-run)
import {
  loadScriptedQuestions,
  startTestServer,
  type FaultMix,
  type FaultRates,
} from './openAiTestServer';

function values(flag: string): string[] {
  const out: string[] = [];
  process.argv.forEach((arg, i) => {
    const next = process.argv[i + 1];
    if (arg === flag && next !== undefined) out.push(next);
  });
  return out;
}

function faultMix(seed: number): FaultMix | undefined {
  const spec = values('--faults')[0];
  if (!spec) return undefined;
  const rates: FaultRates = {};
  for (const pair of spec.split(',')) {
    const [name, value] = pair.split('=');
    (rates as Record<string, number>)[name!.trim()] = Number(value);
  }
  const retryAfter = values('--retry-after')[0];
  return { seed, rates, ...(retryAfter ? { retryAfterS: Number(retryAfter) } : {}) };
}

const ports = values('--port').map(Number);
const seed = Number(values('--fault-seed')[0] ?? 1);
const delayMs = Number(values('--delay-ms')[0] ?? 0);
const servers = await Promise.all(
  (ports.length ? ports : [8787]).map((port, i) => {
    const faults = faultMix(seed + i);
    return startTestServer({
      port,
      delayMs,
      // 'hostile-math' answers with XSS payloads (test/e2e/untrustedOutput.spec.ts).
      extraModels: { 'hostile-math': loadScriptedQuestions('hostile-math') },
      ...(faults ? { faults } : {}),
    });
  }),
);
for (const server of servers)
  console.log(`scripted OpenAI-compatible server listening on ${server.url}`);
const stop = () => void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
