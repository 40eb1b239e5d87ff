// Shared setup for the endpoint-pool tests: scripted servers that are always closed afterwards.
import { afterEach } from 'vitest';
import {
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from '../../support/openAiTestServer';
import type { EngineError } from '../../../src/core/ports/engineError';

const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

export async function serve(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

export const sampling = { maxTokens: 64, temperature: 1, topP: 0.99 };

export const fastRetry = { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 };

export function caught(promise: Promise<unknown>): Promise<EngineError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as EngineError,
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** vi.waitFor's options: on a shared, loaded machine its default second is not enough. */
export const eventually = { timeout: 15_000, interval: 20 };
