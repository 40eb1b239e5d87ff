/**
 * A scripted OpenAI-compatible server for tests (never shipped) that behaves like vLLM's: answers
 * stream as server-sent events when asked (`n` choices interleaved by `index`, usage last when
 * `stream_options.include_usage`), `/metrics` speaks vLLM's Prometheus names, and with `batching`
 * a continuous-batching scheduler decides when each token exists (max-num-seqs, a waiting queue,
 * step time growing with the batch). Texts come from test/fixtures/scripted-math.json or `reply`;
 * CORS like a vLLM started with --allowed-origins; faults by hook or seeded mix.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { faultPicker, type Fault, type FaultMix } from './serverFaults';
import { ContinuousBatcher, type BatcherOptions } from './continuousBatcher';
import { prometheusText } from './vllmMetrics';
import { VllmEventStream, wordTokens, type FinishReason } from './vllmStream';

export type { Fault, FaultMix, FaultRates } from './serverFaults';

export interface ScriptedQuestion {
  continuation: string;
  responses: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  /** 'ok' once a valid answer was written; else the fault or status that ended it. */
  outcome?: string;
  /** Authorization header as received (tests check keys reach the server, and only there). */
  authorization?: string;
}

export interface TestServerOptions {
  port?: number;
  model?: string;
  questions?: ScriptedQuestion[];
  /** More model names, each with its own script (e.g. 'hostile-math' for the XSS test). */
  extraModels?: Record<string, ScriptedQuestion[]>;
  /** When false, behaves like llama.cpp server / Ollama: one choice whatever `n` says. */
  honoursN?: boolean;
  /** When false, ignores `stream` and always answers one JSON body (a buffering proxy, old servers). */
  streaming?: boolean;
  /** When false, GET /metrics is 404 (llama.cpp without --metrics, Ollama). */
  metrics?: boolean;
  /** Returns a fault for the n-th request (0-based), or undefined to answer normally. */
  fault?: (request: RecordedRequest, count: number) => Fault | undefined;
  /** Seeded random faults for generation requests (after `fault`, which wins when it answers). */
  faults?: FaultMix;
  /** A simulated GPU: continuous batching (see continuousBatcher.ts); without it answers are instant. */
  batching?: Partial<BatcherOptions>;
  /** Overrides the text of choice `index` (default: scripted fixtures). */
  reply?: (body: Record<string, unknown>, index: number) => string;
  /**
   * The judge's answer to a judge-style request (system message, not the solver's) about the
   * question in its last user turn; undefined keeps the default "Yes".
   */
  judge?: (question: string, oneToken: boolean) => string | undefined;
  /**
   * Reward for POST /pooling (vLLM's Pooling API for reward models), from the conversation's
   * last assistant turn; default `rewardScore`. Answered per token like `--task reward`:
   * `[[0], …, [reward]]`.
   */
  reward?: (question: string, solution: string) => number;
  /** Waits this long before answering each generation request (slow enough to reload mid-run). */
  delayMs?: number;
  /** Overrides GET /v1/models: a status and raw body (e.g. an HTML page). */
  modelsResponse?: { status: number; body: string; contentType?: string };
  /** When false, `requests` stays empty (benches send hundreds of thousands). */
  record?: boolean;
}

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests whose connection is still open (hanging, queued or generating). */
  readonly openRequests: number;
  /** The scheduler, when `batching` is on (tests and benches read its counters). */
  readonly batcher: ContinuousBatcher | undefined;
  close(): Promise<void>;
}

/** A fixture of test/fixtures (scripted-math.json by default). */
export function loadScriptedQuestions(name = 'scripted-math'): ScriptedQuestion[] {
  const file = new URL(`../fixtures/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { questions: ScriptedQuestion[] }).questions;
}

/** Deterministic default reward: a hash of the solution mapped to [-5, 5). */
export function rewardScore(_question: string, solution: string): number {
  let h = 2166136261;
  for (let i = 0; i < solution.length; i++) h = Math.imul(h ^ solution.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1000) / 100 - 5;
}

const countTokens = (text: string) => (text.match(/\S+/g) ?? []).length;

/**
 * A choice's full text cut at the first stop string or at max_tokens, like the server would. A
 * raw completion whose script holds no stop string is a generation that ran on: cut at
 * max_tokens with finish 'length', as a model that never emits its end-of-turn token would be.
 */
function cutAtStop(source: string, stops: string[], maxTokens: number, endsAtStop: boolean) {
  let end = -1;
  for (const stop of stops) {
    const at = source.indexOf(stop);
    if (at >= 0 && (end < 0 || at < end)) end = at;
  }
  const words = wordTokens(end < 0 ? source : source.slice(0, end));
  if (words.length > maxTokens || (endsAtStop && end < 0))
    return { tokens: words.slice(0, maxTokens), finish: 'length' as FinishReason };
  return { tokens: words, finish: 'stop' as FinishReason };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

interface PlannedChoice {
  tokens: string[];
  finish: FinishReason;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const model = options.model ?? 'scripted-math';
  const questions = options.questions ?? loadScriptedQuestions();
  const requests: RecordedRequest[] = [];
  const batcher = options.batching ? new ContinuousBatcher(options.batching) : undefined;
  let counter = 0;
  let openRequests = 0;

  const scriptOf = (body: Record<string, unknown>) =>
    options.extraModels?.[String(body.model)] ?? questions;

  /** The full text of each choice, before stops and max_tokens. */
  const sources = (body: Record<string, unknown>, isChat: boolean, n: number): string[] => {
    const seed = typeof body.seed === 'number' ? body.seed : counter;
    if (!isChat) {
      const q = scriptOf(body)[seed % scriptOf(body).length]!;
      return Array.from({ length: n }, (_, i) => options.reply?.(body, i) ?? q.continuation);
    }
    const messages = (body.messages ?? []) as { role: string; content: string }[];
    // Judge-style requests (solvability, rating, grading) carry a system message: say Yes. (The
    // paper's solver sends one too; its user turn ends with the solve instruction.)
    const solving = messages.at(-1)?.content.includes('put your final answer within');
    if (messages[0]?.role === 'system' && !solving) {
      const oneToken = Number(body.max_tokens) === 1;
      const asked = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
      const content =
        options.judge?.(asked, oneToken) ??
        (oneToken ? 'Yes' : 'The problem is well posed.\nAnswer: Yes');
      return Array.from({ length: n }, () => content);
    }
    const user = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const q = scriptOf(body).find((x) =>
      user.startsWith(x.continuation.split('<|im_end|>')[0]!.trim()),
    );
    const pool = q?.responses ?? ['I could not understand the question.'];
    return Array.from(
      { length: n },
      (_, i) => options.reply?.(body, i) ?? pool[(seed + i) % pool.length]!,
    );
  };

  const plan = (body: Record<string, unknown>, isChat: boolean): PlannedChoice[] => {
    const asked = Math.max(1, Number(body.n ?? 1));
    const n = options.honoursN === false ? 1 : asked;
    const stops = Array.isArray(body.stop) ? (body.stop as string[]) : [];
    const maxTokens = Number(body.max_tokens ?? 16);
    return sources(body, isChat, n).map((source) => cutAtStop(source, stops, maxTokens, !isChat));
  };

  const pooling = (body: Record<string, unknown>, res: ServerResponse, record: RecordedRequest) => {
    const messages = (body.messages ?? []) as { role: string; content: string }[];
    const question = messages.find((m) => m.role === 'user')?.content ?? '';
    const solution = messages.findLast((m) => m.role === 'assistant')?.content;
    if (solution === undefined)
      return send(res, 400, { error: { message: 'messages must end with an assistant turn' } });
    const reward = (options.reward ?? rewardScore)(question, solution);
    const promptTokens = countTokens(question) + countTokens(solution);
    record.outcome = 'ok';
    send(res, 200, {
      id: `pool-${counter}`,
      object: 'list',
      created: 0,
      model,
      data: [{ index: 0, object: 'pooling', data: [[0.5], [-0.25], [reward]] }],
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0 },
    });
  };

  /**
   * Produces the choices token by token: through the batcher when there is one (each choice a
   * sequence), else at once. `onDelta` gets each choice's new text; resolves false if the
   * client went away first.
   */
  const generate = (
    choices: PlannedChoice[],
    promptTokens: number,
    res: ServerResponse,
    onDelta: (index: number, text: string, finish?: FinishReason) => void,
  ): Promise<boolean> => {
    if (!batcher) {
      choices.forEach((c, i) => {
        c.tokens.forEach((t, k) => onDelta(i, t, k === c.tokens.length - 1 ? c.finish : undefined));
        if (c.tokens.length === 0) onDelta(i, '', c.finish);
      });
      return Promise.resolve(!res.destroyed);
    }
    return new Promise((resolve) => {
      let open = choices.length;
      const aborts = choices.map((c, i) =>
        batcher.add({
          promptTokens,
          outputTokens: c.tokens.length,
          onOutput: ({ tokens, produced, finished }) => {
            const text = c.tokens.slice(produced - tokens, produced).join('');
            onDelta(i, text, finished ? c.finish : undefined);
            if (finished && --open === 0) resolve(true);
          },
        }),
      );
      // vLLM aborts a request whose client disconnects; its sequences leave the batch.
      res.once('close', () => {
        if (open === 0) return;
        for (const abort of aborts) abort();
        resolve(false);
      });
    });
  };

  const completionBody = (
    isChat: boolean,
    id: string,
    choices: PlannedChoice[],
    usage: { prompt_tokens: number; completion_tokens: number },
  ) => ({
    id,
    object: isChat ? 'chat.completion' : 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: choices.map((c, index) =>
      isChat
        ? {
            index,
            message: { role: 'assistant', content: c.tokens.join('') },
            finish_reason: c.finish,
          }
        : { index, text: c.tokens.join(''), finish_reason: c.finish },
    ),
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });

  const generation = async (
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest,
    body: Record<string, unknown>,
    fault: Fault | undefined,
  ) => {
    const isChat = record.path === '/v1/chat/completions';
    if (!isChat && typeof body.prompt !== 'string')
      return send(res, 400, { error: { message: 'prompt must be a string' } });
    const choices = plan(body, isChat);
    const id = `${isChat ? 'chatcmpl' : 'cmpl'}-${counter}`;
    const promptTokens = countTokens(JSON.stringify(isChat ? body.messages : body.prompt));
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: choices.reduce((sum, c) => sum + countTokens(c.tokens.join('')), 0),
    };
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const streamed = body.stream === true && options.streaming !== false;
    if (fault?.kind === 'stall' && !streamed) return;
    if (!streamed) {
      const finished = await generate(choices, promptTokens, res, () => {});
      if (!finished || res.destroyed) return void (record.outcome = 'gone');
      record.outcome = 'ok';
      return send(res, 200, completionBody(isChat, id, choices, usage));
    }
    const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
    const stream = new VllmEventStream(res, {
      chat: isChat,
      id,
      model,
      includeUsage: streamOptions?.include_usage === true,
    });
    let deltas = 0;
    const finished = await generate(choices, promptTokens, res, (index, text, finish) => {
      // A 'stall' fault goes quiet after the first delta: the connection stays open, silent.
      if (fault?.kind === 'stall' && deltas++ > 0) return;
      stream.delta(index, text, finish);
    });
    if (fault?.kind === 'stall') return;
    if (!finished || stream.closed) return void (record.outcome = 'gone');
    record.outcome = 'ok';
    stream.end(usage);
  };

  const randomFault = options.faults ? faultPicker(options.faults) : undefined;

  const answer = async (req: IncomingMessage, res: ServerResponse, record: RecordedRequest) => {
    const { path, body } = record;
    const isGeneration = req.method === 'POST' && path !== '/v1/models';
    const fault = options.fault?.(record, counter) ?? (isGeneration ? randomFault?.() : undefined);
    counter += 1;
    if (fault?.kind === 'status') {
      record.outcome = String(fault.status);
      const type = fault.contentType ?? 'application/json';
      res.writeHead(fault.status, { 'content-type': type, ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: { message: `injected ${fault.status}` } }));
      return;
    }
    if (fault) record.outcome = fault.kind;
    if (fault?.kind === 'malformed') return void res.writeHead(200).end('{"choices": [');
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'hang') return;
    if (req.method === 'GET' && path === '/metrics') {
      if (options.metrics === false) return send(res, 404, { detail: 'Not Found' });
      record.outcome = 'ok';
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      return void res.end(prometheusText(model, batcher?.stats(), openRequests));
    }
    if (req.method === 'GET' && path === '/v1/models') {
      record.outcome = 'ok';
      const custom = options.modelsResponse;
      if (!custom)
        return send(res, 200, {
          object: 'list',
          // Every model it answers for is listed, as a real server lists what it serves.
          data: [model, ...Object.keys(options.extraModels ?? {})].map((id) => ({
            id,
            object: 'model',
          })),
        });
      res.writeHead(custom.status, { 'content-type': custom.contentType ?? 'application/json' });
      return void res.end(custom.body);
    }
    record.outcome ??= 'rejected';
    if (req.method !== 'POST' || !body)
      return send(res, 404, { error: { message: `no route ${path}` } });
    if (body.model !== model && !Object.hasOwn(options.extraModels ?? {}, String(body.model)))
      return send(res, 404, {
        error: { message: `The model '${String(body.model)}' does not exist.` },
      });
    if (path === '/pooling') return pooling(body, res, record);
    if (path !== '/v1/chat/completions' && path !== '/v1/completions')
      return send(res, 404, { error: { message: `no route ${path}` } });
    return generation(req, res, record, body, fault);
  };

  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization');
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    openRequests += 1;
    res.on('close', () => (openRequests -= 1));
    readBody(req)
      .then((body) => {
        const path = (req.url ?? '/').split('?')[0]!;
        const record: RecordedRequest = { method: req.method ?? 'GET', path, body };
        if (req.headers.authorization) record.authorization = req.headers.authorization;
        if (options.record !== false) requests.push(record);
        return answer(req, res, record);
      })
      .catch(() => send(res, 400, { error: { message: 'body is not JSON' } }));
  });
  // Thousands of keep-alive streams at once, as a fleet client opens them.
  server.maxConnections = 100_000;
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    batcher,
    get openRequests() {
      return openRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        batcher?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
