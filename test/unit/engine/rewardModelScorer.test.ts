// The reward-model scorer against the scripted server's vLLM-style /pooling endpoint.
import { afterEach, describe, expect, it } from 'vitest';
import {
  poolingUrl,
  rewardFromPooling,
  RewardModelScorer,
} from '../../../src/engine/openai/rewardModelScorer';
import type { EngineError } from '../../../src/core/ports/engineError';
import { rewardScore, startTestServer, type TestServer } from '../../support/openAiTestServer';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('RewardModelScorer', () => {
  it('reads the reward at the last token from each pooling shape', () => {
    expect(rewardFromPooling([[0.1], [0.2], [3.5]])).toBe(3.5);
    expect(rewardFromPooling([0.25, -1.5])).toBe(-1.5);
    expect(rewardFromPooling([2])).toBe(2);
    expect(rewardFromPooling(7)).toBe(7);
    expect(rewardFromPooling('base64…')).toBeNull();
    expect(rewardFromPooling([])).toBeNull();
  });

  it('posts the conversation to <root>/pooling', () => {
    expect(poolingUrl('http://gpu:8001/v1/')).toBe('http://gpu:8001/pooling');
    expect(poolingUrl('http://gpu:8001')).toBe('http://gpu:8001/pooling');
  });

  it('scores a solution with the server and sends the key', async () => {
    server = await startTestServer({ model: 'rm' });
    const scorer = new RewardModelScorer({ baseUrl: server.url, model: 'rm', apiKey: 'k-1' });
    const result = await scorer.score('What is 1 + 1?', 'It is \\boxed{2}.');
    expect(result.score).toBe(rewardScore('What is 1 + 1?', 'It is \\boxed{2}.'));
    expect(result.output).toBe(`reward: ${result.score}`);
    expect(result.tokens.completionTokens).toBe(0);
    expect(result.tokens.promptTokens).toBeGreaterThan(0);
    expect(server.requests[0]).toMatchObject({
      path: '/pooling',
      authorization: 'Bearer k-1',
      body: {
        model: 'rm',
        messages: [
          { role: 'user', content: 'What is 1 + 1?' },
          { role: 'assistant', content: 'It is \\boxed{2}.' },
        ],
      },
    });
  });

  it('retries server errors through its endpoint pool and reports a wrong model', async () => {
    server = await startTestServer({
      model: 'rm',
      fault: (_r, n) => (n < 2 ? { kind: 'status', status: 503 } : undefined),
    });
    const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
    const scorer = new RewardModelScorer({ baseUrl: server.url, model: 'rm' }, retry);
    expect((await scorer.score('q', 's')).score).toBe(rewardScore('q', 's'));
    expect(scorer.pool.snapshot().endpoints[0]).toMatchObject({ failed: 2, completed: 1 });
    const wrong = new RewardModelScorer({ baseUrl: server.url, model: 'other' }, retry);
    const error = await wrong.score('q', 's').catch((e: unknown) => e as EngineError);
    expect(error).toMatchObject({ code: 'model_not_found' });
  });
});
