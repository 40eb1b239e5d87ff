/**
 * A scripted OpenAI-compatible server for tests (never shipped): deterministic answers from
 * test/fixtures/scripted-math.json, CORS like a vLLM started with --allowed-origins, injectable
 * faults (a per-request hook or a seeded mix) and an optional simulated GPU capacity.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { faultPicker, type Fault, type FaultMix } from './serverFaults';
import { SimulatedCapacity, type CapacityOptions } from './simulatedCapacity';

export type { Fault, FaultMix, FaultRates } from './serverFaults';

export interface ScriptedQuestion {
  continuation: string;
  responses: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  /** 'ok' once a 200 with a valid answer was written; else the fault or status that ended it. */
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
  /** Returns a fault for the n-th request (0-based), or undefined to answer normally. */
  fault?: (request: RecordedRequest, count: number) => Fault | undefined;
  /** Seeded random faults for generation requests (after `fault`, which wins when it answers). */
  faults?: FaultMix;
  /** Simulated GPU: C slots and a fixed time per generated token; extra requests queue. */
  capacity?: CapacityOptions;
  /** Overrides the text of choice `index` (default: scripted fixtures). */
  reply?: (body: Record<string, unknown>, index: number) => string;
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
}

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests whose connection is still open (hanging, queued or generating). */
  readonly openRequests: number;
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

const tokens = (text: string) => (text.match(/\S+/g) ?? []).length;

function cutAtStop(text: string, stops: string[], maxTokens: number) {
  let end = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (end < 0 || at < end)) end = at;
  }
  const words = text.split(/(?<=\s)/);
  if (end < 0 || tokens(text.slice(0, end)) > maxTokens) {
    return { text: words.slice(0, maxTokens).join(''), finish: 'length' as const };
  }
  return { text: text.slice(0, end), finish: 'stop' as const };
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

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const model = options.model ?? 'scripted-math';
  const questions = options.questions ?? loadScriptedQuestions();
  const requests: RecordedRequest[] = [];
  let counter = 0;

  const scriptOf = (body: Record<string, unknown>) =>
    options.extraModels?.[String(body.model)] ?? questions;

  const completion = (body: Record<string, unknown>) => {
    const questions = scriptOf(body);
    const seed = typeof body.seed === 'number' ? body.seed : counter;
    const q = questions[seed % questions.length]!;
    const stops = Array.isArray(body.stop) ? (body.stop as string[]) : [];
    const source = options.reply?.(body, 0) ?? q.continuation;
    const { text, finish } = cutAtStop(source, stops, Number(body.max_tokens ?? 16));
    return {
      choices: [{ index: 0, text, finish_reason: finish }],
      completion_tokens: tokens(text),
    };
  };

  const chat = (body: Record<string, unknown>) => {
    const messages = (body.messages ?? []) as { role: string; content: string }[];
    // Judge-style requests (solvability, rating, grading) carry a system message: say Yes. (The
    // paper's solver sends one too; its user turn ends with the solve instruction.)
    const solving = messages.at(-1)?.content.includes('put your final answer within');
    if (messages[0]?.role === 'system' && !solving) {
      const content =
        Number(body.max_tokens) === 1 ? 'Yes' : 'The problem is well posed.\nAnswer: Yes';
      return {
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        completion_tokens: tokens(content),
      };
    }
    const user = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const q = scriptOf(body).find((x) =>
      user.startsWith(x.continuation.split('<|im_end|>')[0]!.trim()),
    );
    const pool = q?.responses ?? ['I could not understand the question.'];
    const seed = typeof body.seed === 'number' ? body.seed : counter;
    const n = options.honoursN === false ? 1 : Number(body.n ?? 1);
    const choices = Array.from({ length: n }, (_, i) => ({
      index: i,
      message: {
        role: 'assistant',
        content: options.reply?.(body, i) ?? pool[(seed + i) % pool.length]!,
      },
      finish_reason: 'stop',
    }));
    return {
      choices,
      completion_tokens: choices.reduce((s, c) => s + tokens(c.message.content), 0),
    };
  };

  const pooling = (body: Record<string, unknown>, res: ServerResponse, record: RecordedRequest) => {
    const messages = (body.messages ?? []) as { role: string; content: string }[];
    const question = messages.find((m) => m.role === 'user')?.content ?? '';
    const solution = messages.findLast((m) => m.role === 'assistant')?.content;
    if (solution === undefined)
      return send(res, 400, { error: { message: 'messages must end with an assistant turn' } });
    const reward = (options.reward ?? rewardScore)(question, solution);
    const promptTokens = tokens(question) + tokens(solution);
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

  const randomFault = options.faults ? faultPicker(options.faults) : undefined;
  const capacity = options.capacity ? new SimulatedCapacity(options.capacity) : undefined;
  let openRequests = 0;

  const answer = async (req: IncomingMessage, res: ServerResponse, record: RecordedRequest) => {
    const { path, body } = record;
    const isGeneration = req.method === 'POST' && path !== '/v1/models';
    const fault = options.fault?.(record, counter) ?? (isGeneration ? randomFault?.() : undefined);
    counter += 1;
    if (fault?.kind === 'status') {
      record.outcome = String(fault.status);
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: { message: `injected ${fault.status}` } }));
      return;
    }
    if (fault) record.outcome = fault.kind;
    if (fault?.kind === 'malformed') return void res.writeHead(200).end('{"choices": [');
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'hang') return;
    if (req.method === 'GET' && path === '/v1/models') {
      record.outcome = 'ok';
      const custom = options.modelsResponse;
      if (!custom)
        return send(res, 200, { object: 'list', data: [{ id: model, object: 'model' }] });
      res.writeHead(custom.status, { 'content-type': custom.contentType ?? 'application/json' });
      return void res.end(custom.body);
    }
    record.outcome = 'rejected';
    if (req.method !== 'POST' || !body)
      return send(res, 404, { error: { message: `no route ${path}` } });
    if (body.model !== model && !Object.hasOwn(options.extraModels ?? {}, String(body.model)))
      return send(res, 404, {
        error: { message: `The model '${String(body.model)}' does not exist.` },
      });
    if (path === '/pooling') return pooling(body, res, record);
    const isChat = path === '/v1/chat/completions';
    if (!isChat && path !== '/v1/completions')
      return send(res, 404, { error: { message: `no route ${path}` } });
    if (!isChat && typeof body.prompt !== 'string')
      return send(res, 400, { error: { message: 'prompt must be a string' } });
    const out = isChat ? chat(body) : completion(body);
    const id = `cmpl-${counter}`;
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (capacity && !(await capacity.generate(out.completion_tokens, () => res.destroyed))) {
      record.outcome = 'gone';
      return;
    }
    if (res.destroyed) {
      record.outcome = 'gone';
      return;
    }
    const promptTokens = tokens(JSON.stringify(isChat ? body.messages : body.prompt));
    record.outcome = 'ok';
    send(res, 200, {
      id,
      object: isChat ? 'chat.completion' : 'text_completion',
      model,
      choices: out.choices,
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: out.completion_tokens,
        total_tokens: promptTokens + out.completion_tokens,
      },
    });
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
        requests.push(record);
        return answer(req, res, record);
      })
      .catch(() => send(res, 400, { error: { message: 'body is not JSON' } }));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get openRequests() {
      return openRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
