/**
 * The queue a batching server reports about itself, from its Prometheus text at GET /metrics:
 * vLLM's `vllm:num_requests_waiting` / `vllm:num_requests_running` gauges (one sample per
 * engine/model label set) or SGLang's `sglang:num_queue_reqs` / `sglang:num_running_reqs`.
 * Requests waiting there mean the batch is full: the best backpressure signal there is, far
 * earlier than 503s or a rising time to first token.
 */
const WAITING =
  /^(?:vllm:num_requests_waiting|sglang:num_queue_reqs)(?:\{([^}]*)\})?\s+([0-9.eE+-]+)/;
const RUNNING =
  /^(?:vllm:num_requests_running|sglang:num_running_reqs)(?:\{([^}]*)\})?\s+([0-9.eE+-]+)/;

function gauge(text: string, pattern: RegExp, model: string | undefined): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const match = pattern.exec(line);
    if (!match) continue;
    const labels = match[1] ?? '';
    const named = /model_name="([^"]*)"/.exec(labels)?.[1];
    if (model !== undefined && named !== undefined && named !== model) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/** Waiting requests for `model` (all label sets summed), or undefined when the text has none. */
export function waitingRequests(text: string, model?: string): number | undefined {
  return gauge(text, WAITING, model);
}

/** Running requests (sequences in the batch) for `model`, or undefined when the text has none. */
export function runningRequests(text: string, model?: string): number | undefined {
  return gauge(text, RUNNING, model);
}
