import { describe, expect, it } from 'vitest';
import { OpenAiCompatibleEngine } from '../../../src/engine/openai/openAiCompatibleEngine';

/** A fetch double answering one chat completion with OpenAI-shaped log-probs. */
function fakeFetch(sent: Record<string, unknown>[]): typeof fetch {
  return (_url, init) => {
    sent.push(JSON.parse(init?.body as string) as Record<string, unknown>);
    const body = {
      model: 'm',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Yes' },
          finish_reason: 'length',
          logprobs: {
            content: [
              {
                token: 'Yes',
                logprob: -0.2,
                top_logprobs: [
                  { token: 'Yes', logprob: -0.2 },
                  { token: 'No', logprob: -1.8 },
                  { bytes: [1] },
                ],
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 9, completion_tokens: 1 },
    };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  };
}

describe('OpenAiCompatibleEngine chat log-probs', () => {
  it('asks for top_logprobs only when wanted and maps them onto the choice', async () => {
    const sent: Record<string, unknown>[] = [];
    const engine = new OpenAiCompatibleEngine({
      baseUrl: 'http://x',
      model: 'm',
      fetch: fakeFetch(sent),
    });
    const messages = [{ role: 'user' as const, content: 'Yes or No?' }];
    const result = await engine.chat({
      messages,
      maxTokens: 1,
      temperature: 0,
      topP: 1,
      topLogprobs: 5,
    });
    expect(sent[0]).toMatchObject({ logprobs: true, top_logprobs: 5, max_tokens: 1 });
    expect(result.choices[0]!.logprobs).toEqual([
      {
        token: 'Yes',
        logprob: -0.2,
        top: [
          { token: 'Yes', logprob: -0.2 },
          { token: 'No', logprob: -1.8 },
        ],
      },
    ]);
    await engine.chat({ messages, maxTokens: 1, temperature: 0, topP: 1 });
    expect(sent[1]).not.toHaveProperty('logprobs');
  });
});
