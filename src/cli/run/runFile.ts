import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunConfig } from '../../core/pipeline/runConfig';
import { MAX_CONCURRENCY } from '../../core/pipeline/runConfigSchema';
import { ENGINE_ROLES, type EngineRole } from '../../core/pipeline/stageEngines';
import { apiBaseUrl } from '../../engine/openai/endpointUrl';
import type { RetryPolicy } from '../../engine/remote/retryPolicy';
import {
  defaultBreakerOptions,
  type CircuitBreakerOptions,
} from '../../engine/remote/circuitBreaker';
import * as v from 'valibot';
import { ConfigError, describe, isObject, join, ProblemList } from './configProblems';
import { resolveRunSettings } from './runSettings';

/** An OpenAI-compatible server (or a load balancer in front of several). */
export interface EndpointSpec {
  name: string;
  baseUrl: string;
  model: string;
  /** Name of the environment variable holding the API key (the key itself never is in the file). */
  apiKeyEnv?: string;
  /** Read from `apiKeyEnv` when the file is loaded; never printed or stored. */
  apiKey?: string;
  timeoutMs?: number;
  /** Ceiling of the endpoint's adaptive concurrency limit. */
  maxConcurrency?: number;
}

export interface ReferenceFile {
  /** Absolute path of a JSONL file. */
  path: string;
  /** The string field holding each reference question. */
  field: string;
  /** Name reported when a question overlaps it. */
  source: string;
}

/** A run file after validation: everything `scalequest run` needs. */
export interface RunFile {
  run: RunConfig;
  /** Set when `run.concurrency` was not in the file and was sized from the endpoints. */
  autoConcurrency?: { endpoints: number };
  endpoints: EndpointSpec[];
  /** Endpoint names per role, resolved (every role has at least one). */
  roles: Record<EngineRole, string[]>;
  references: ReferenceFile[];
  /** Also check against the built-in benchmark test sets (default true; `reference.builtIn`). */
  builtInReferences: boolean;
  rewardModel?: EndpointSpec;
  retry?: RetryPolicy;
  breaker?: CircuitBreakerOptions;
}

type Env = Record<string, string | undefined>;

type Issue = v.BaseIssue<unknown>;

const mustBe = (what: string) => (issue: Issue) => `must be ${what} (got ${describe(issue.input)})`;

const CREDENTIAL = /key|token|secret|password/i;

/**
 * An object with exactly these settings. A missing one is reported as its own value would be,
 * an unknown one with the list of known ones (a credential with where keys belong instead).
 */
function settings<const E extends v.ObjectEntries>(entries: E, shape: string) {
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') {
      const key = String(issue.input);
      return key !== 'apiKeyEnv' && CREDENTIAL.test(key) && 'apiKeyEnv' in entries
        ? 'credentials are never read from the run file; name an environment variable in apiKeyEnv'
        : `unknown setting; expected one of ${Object.keys(entries).join(', ')}`;
    }
    if (issue.expected?.startsWith('"')) return 'must be a non-empty string (got undefined)';
    return `must be an object ${shape} (got ${describe(issue.input)})`;
  });
}

const text = v.pipe(
  v.string(mustBe('a non-empty string')),
  v.check((s) => s.trim() !== '', mustBe('a non-empty string')),
);

const wholeAtLeast = (min: number) => {
  const message = (issue: Issue) =>
    `must be a whole number ≥ ${min} (got ${JSON.stringify(issue.input)})`;
  return v.optional(v.pipe(v.number(message), v.integer(message), v.minValue(min, message)));
};

const baseUrl = v.pipe(
  text,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    try {
      apiBaseUrl(dataset.value);
    } catch (error) {
      addIssue({ message: (error as Error).message });
    }
  }),
);

const ENDPOINT = settings(
  {
    name: v.optional(text),
    baseUrl,
    model: text,
    apiKeyEnv: v.optional(
      v.pipe(
        text,
        v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable'),
      ),
    ),
    timeoutMs: wholeAtLeast(1),
    maxConcurrency: wholeAtLeast(1),
  },
  '{baseUrl, model, apiKeyEnv?}',
);

const ROLE_ENDPOINTS = v.union(
  [text, v.pipe(v.array(text), v.minLength(1))],
  'must be an endpoint name or a non-empty list of names',
);

const REFERENCE_FILE = v.union(
  [text, settings({ path: text, field: v.optional(text), source: v.optional(text) }, '')],
  'must be a file path or {path, field?, source?}',
);

const RUN_FILE = settings(
  {
    $schema: v.optional(v.string()),
    comment: v.optional(v.unknown()),
    run: v.optional(v.unknown()),
    endpoints: v.pipe(
      v.array(ENDPOINT, 'must be a non-empty list of {baseUrl, model, apiKeyEnv?}'),
      v.minLength(1, 'must be a non-empty list of {baseUrl, model, apiKeyEnv?}'),
    ),
    roles: v.optional(
      settings(
        Object.fromEntries(ENGINE_ROLES.map((role) => [role, v.optional(ROLE_ENDPOINTS)])) as {
          [R in EngineRole]: v.OptionalSchema<typeof ROLE_ENDPOINTS, undefined>;
        },
        '',
      ),
    ),
    reference: v.optional(
      settings(
        {
          files: v.optional(v.array(REFERENCE_FILE, 'must be a list of {path, field?, source?}')),
          builtIn: v.optional(v.boolean(mustBe('true or false'))),
        },
        '{files?: [...], builtIn?}',
      ),
    ),
    rewardModel: v.optional(ENDPOINT),
    retry: v.optional(
      settings(
        {
          attempts: wholeAtLeast(1),
          baseDelayMs: wholeAtLeast(0),
          maxDelayMs: wholeAtLeast(0),
        },
        '{attempts, baseDelayMs, maxDelayMs}',
      ),
    ),
    breaker: v.optional(
      settings(
        {
          failureThreshold: wholeAtLeast(1),
          cooldownMs: wholeAtLeast(0),
          maxCooldownMs: wholeAtLeast(0),
        },
        '{failureThreshold, cooldownMs, maxCooldownMs}',
      ),
    ),
  },
  '',
);

type RawFile = v.InferOutput<typeof RUN_FILE>;
type RawEndpoint = v.InferOutput<typeof ENDPOINT>;

/** `endpoints[1].baseUrl` from an issue's path. */
function pathOf(issue: Issue): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    path = join(path, typeof key === 'number' ? key : String(key));
  }
  return path;
}

/** The key comes from the environment variable the file names; a missing one is a problem. */
function endpointSpec(
  raw: RawEndpoint,
  at: string,
  fallbackName: string,
  env: Env,
  problems: ProblemList,
): EndpointSpec {
  const spec: EndpointSpec = {
    name: raw.name ?? fallbackName,
    baseUrl: raw.baseUrl,
    model: raw.model,
  };
  if (raw.apiKeyEnv !== undefined) {
    spec.apiKeyEnv = raw.apiKeyEnv;
    const key = env[raw.apiKeyEnv];
    if (!key)
      problems.add(join(at, 'apiKeyEnv'), `environment variable ${raw.apiKeyEnv} is not set`);
    else spec.apiKey = key;
  }
  if (raw.timeoutMs !== undefined) spec.timeoutMs = raw.timeoutMs;
  if (raw.maxConcurrency !== undefined) spec.maxConcurrency = raw.maxConcurrency;
  return spec;
}

/**
 * Roles map to endpoint names. A role not listed uses the endpoints no role names; `score`
 * defaults to the judge's endpoints like in the studio.
 */
function resolveRoles(
  raw: RawFile['roles'],
  endpoints: EndpointSpec[],
  problems: ProblemList,
): Record<EngineRole, string[]> {
  const names = new Set(endpoints.map((e) => e.name));
  const listed: Partial<Record<EngineRole, string[]>> = {};
  for (const role of ENGINE_ROLES) {
    const value = raw?.[role];
    if (value === undefined) continue;
    const list = typeof value === 'string' ? [value] : value;
    for (const name of list)
      if (!names.has(name))
        problems.add(
          join('roles', role),
          `no endpoint is named "${name}" (names: ${[...names].join(', ')})`,
        );
    listed[role] = list;
  }
  const assigned = new Set(Object.values(listed).flat());
  const rest = endpoints.map((e) => e.name).filter((n) => !assigned.has(n));
  const resolved = {} as Record<EngineRole, string[]>;
  for (const role of ENGINE_ROLES) {
    const own =
      listed[role] ?? (rest.length ? rest : role === 'score' ? resolved.judge : undefined);
    if (!own?.length)
      problems.add(
        join('roles', role),
        'no endpoint serves this role: list it here, or leave an endpoint out of every role',
      );
    resolved[role] = own ?? [];
  }
  return resolved;
}

function resolveReferences(
  raw: RawFile['reference'],
  baseDir: string,
  problems: ProblemList,
): ReferenceFile[] {
  return (raw?.files ?? []).flatMap((entry, i) => {
    const spec = typeof entry === 'string' ? { path: entry } : entry;
    const absolute = resolve(baseDir, spec.path);
    if (!existsSync(absolute)) {
      problems.add(join(join('reference.files', i), 'path'), `file not found: ${absolute}`);
      return [];
    }
    return [{ path: absolute, field: spec.field ?? 'question', source: spec.source ?? spec.path }];
  });
}

/**
 * Validates a parsed run file: its shape by the schema above, then what the schema cannot know
 * (run settings over their preset, endpoint names, environment variables, files on disk).
 * Relative paths are resolved against `baseDir`.
 */
export function parseRunFile(raw: unknown, baseDir: string, env: Env): RunFile | ProblemList {
  const problems = new ProblemList();
  const run = resolveRunSettings(isObject(raw) ? raw.run : undefined, problems);
  const parsed = v.safeParse(RUN_FILE, raw);
  if (!parsed.success) {
    for (const issue of parsed.issues) problems.add(pathOf(issue), issue.message);
    if (!isObject(raw) || !Array.isArray(raw.endpoints) || raw.endpoints.length === 0)
      for (const role of ENGINE_ROLES)
        problems.add(
          join('roles', role),
          'no endpoint serves this role: list it here, or leave an endpoint out of every role',
        );
    return problems;
  }
  const file = parsed.output;
  const endpoints = file.endpoints.map((e, i) =>
    endpointSpec(e, join('endpoints', i), `endpoint-${i + 1}`, env, problems),
  );
  const seen = new Set<string>();
  endpoints.forEach((s, i) => {
    if (seen.has(s.name))
      problems.add(join(join('endpoints', i), 'name'), `"${s.name}" is used twice`);
    seen.add(s.name);
  });
  const roles = resolveRoles(file.roles, endpoints, problems);
  const references = resolveReferences(file.reference, baseDir, problems);
  // The built-in benchmark test sets are used too unless the file turns them off.
  const builtInReferences = file.reference?.builtIn ?? true;
  const rewardModel =
    file.rewardModel &&
    endpointSpec(file.rewardModel, 'rewardModel', 'reward-model', env, problems);
  const d = defaultBreakerOptions;
  const retry = file.retry && {
    attempts: file.retry.attempts ?? 6,
    baseDelayMs: file.retry.baseDelayMs ?? 500,
    maxDelayMs: file.retry.maxDelayMs ?? 15_000,
  };
  const breaker = file.breaker && {
    failureThreshold: file.breaker.failureThreshold ?? d.failureThreshold,
    cooldownMs: file.breaker.cooldownMs ?? d.cooldownMs,
    maxCooldownMs: file.breaker.maxCooldownMs ?? d.maxCooldownMs,
  };
  if (problems.problems.length || !run) return problems;
  const auto = autoConcurrency(raw, run, endpoints);
  return {
    run: auto ? { ...run, concurrency: auto.concurrency, lookAhead: auto.lookAhead } : run,
    ...(auto ? { autoConcurrency: { endpoints: endpoints.length } } : {}),
    endpoints,
    roles,
    references,
    builtInReferences,
    ...(rewardModel ? { rewardModel } : {}),
    ...(retry ? { retry } : {}),
    ...(breaker ? { breaker } : {}),
  };
}

/** vLLM's default --max-num-seqs: what one continuous-batching server runs at once. */
export const AUTO_PER_ENDPOINT = 256;
const AUTO_LOOK_AHEAD = 16;

/**
 * The presets keep one attempt in flight (a local GPU); a fleet needs enough to fill every
 * server's batch. Without `run.concurrency` in the file, a run keeps what one vLLM server runs
 * per endpoint (its `maxConcurrency` for a cluster behind one address), at most `targetPairs`:
 * the servers' adaptive limits decide what is sent, the rest waits in the pool.
 */
function autoConcurrency(
  raw: unknown,
  run: RunConfig,
  endpoints: readonly EndpointSpec[],
): { concurrency: number; lookAhead: number } | undefined {
  const given = isObject(raw) && isObject(raw.run) ? raw.run : {};
  if (given.concurrency !== undefined) return undefined;
  let total = 0;
  for (const e of endpoints) total += e.maxConcurrency ?? AUTO_PER_ENDPOINT;
  // Attempts past the target are abandoned: a small run need not start more than it keeps.
  return {
    concurrency: Math.max(1, Math.min(MAX_CONCURRENCY, total, run.targetPairs)),
    lookAhead: given.lookAhead !== undefined ? run.lookAhead : AUTO_LOOK_AHEAD,
  };
}

/** Reads and validates a run file; throws ConfigError listing every problem. */
export function loadRunFile(file: string, env: Env): RunFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      { path: '', reason: `cannot read the file (${(error as Error).message})` },
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [
      { path: '', reason: `not valid JSON (${(error as Error).message})` },
    ]);
  }
  const parsed = parseRunFile(raw, dirname(resolve(file)), env);
  if (parsed instanceof ProblemList) throw new ConfigError(file, parsed.problems);
  return parsed;
}
