/**
 * GET /metrics in vLLM's Prometheus text format, with the names a client watches for queueing:
 * `vllm:num_requests_running` / `vllm:num_requests_waiting` (gauges, labelled by model_name and
 * engine), token counters and the time-to-first-token histogram's sum and count.
 */
import type { BatcherStats } from './continuousBatcher';

export function prometheusText(
  model: string,
  stats: BatcherStats | undefined,
  openRequests: number,
): string {
  const labels = `{engine="0",model_name="${model}"}`;
  const s = stats ?? {
    running: openRequests,
    waiting: 0,
    generatedTokens: 0,
    promptTokens: 0,
    ttftSumS: 0,
    ttftCount: 0,
    steps: 0,
  };
  const lines = [
    [
      'vllm:num_requests_running',
      'gauge',
      'Number of requests in model execution batches.',
      s.running,
    ],
    [
      'vllm:num_requests_waiting',
      'gauge',
      'Number of requests waiting to be processed.',
      s.waiting,
    ],
    ['vllm:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.', s.promptTokens],
    [
      'vllm:generation_tokens_total',
      'counter',
      'Number of generation tokens processed.',
      s.generatedTokens,
    ],
  ] as const;
  let text = '';
  for (const [name, type, help, value] of lines)
    text += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name}${labels} ${value.toFixed(1)}\n`;
  const ttft = 'vllm:time_to_first_token_seconds';
  text += `# HELP ${ttft} Histogram of time to first token in seconds.\n# TYPE ${ttft} histogram\n`;
  text += `${ttft}_sum${labels} ${s.ttftSumS}\n${ttft}_count${labels} ${s.ttftCount.toFixed(1)}\n`;
  return text;
}
