/**
 * A fetch wrapper that reports, for every successful request that asked for n > 1 choices, how
 * many the server returned. That is how the pool learns which servers honour `n` (llama.cpp
 * server and Ollama do not) without changing the single-endpoint engine.
 */
export type ChoiceObserver = (requested: number, returned: number) => void;

function requestedChoices(body: unknown): number {
  if (typeof body !== 'string') return 1;
  try {
    const n = (JSON.parse(body) as { n?: unknown }).n;
    return typeof n === 'number' ? n : 1;
  } catch {
    return 1;
  }
}

function returnedChoices(text: string): number | undefined {
  try {
    const choices = (JSON.parse(text) as { choices?: unknown }).choices;
    return Array.isArray(choices) ? choices.length : undefined;
  } catch {
    return undefined;
  }
}

export function observeChoices(inner: typeof fetch, observe: ChoiceObserver): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const requested = requestedChoices(init?.body);
    if (requested <= 1 || !response.ok) return response;
    // Read the body once here so the verdict is recorded before the engine sees the answer.
    const text = await response.text();
    const returned = returnedChoices(text);
    if (returned !== undefined && returned > 0) observe(requested, returned);
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
