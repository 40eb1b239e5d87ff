import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunConfig } from '../../core/pipeline/runConfig';
import { ENGINE_ROLES, type EngineRole } from '../../core/pipeline/stageEngines';
import { apiBaseUrl } from '../../engine/openai/endpointUrl';
import type { RetryPolicy } from '../../engine/remote/retryPolicy';
import {
  defaultBreakerOptions,
  type CircuitBreakerOptions,
} from '../../engine/remote/circuitBreaker';
import {
  ConfigError,
  describe,
  isObject,
  join,
  ProblemList,
  type JsonObject,
} from './configProblems';
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

const TOP_KEYS = [
  '$schema',
  'comment',
  'run',
  'endpoints',
  'roles',
  'reference',
  'rewardModel',
  'retry',
  'breaker',
];
const ENDPOINT_KEYS = ['name', 'baseUrl', 'model', 'apiKeyEnv', 'timeoutMs', 'maxConcurrency'];

function readEndpoint(
  raw: unknown,
  path: string,
  fallbackName: string,
  env: Env,
  problems: ProblemList,
): EndpointSpec | undefined {
  if (!isObject(raw)) {
    problems.add(path, `must be an object {baseUrl, model, apiKeyEnv?} (got ${describe(raw)})`);
    return undefined;
  }
  const credential = (key: string) => key !== 'apiKeyEnv' && /key|token|secret|password/i.test(key);
  for (const key of Object.keys(raw).filter(credential))
    problems.add(
      join(path, key),
      'credentials are never read from the run file; name an environment variable in apiKeyEnv',
    );
  const rest = Object.fromEntries(Object.entries(raw).filter(([key]) => !credential(key)));
  problems.onlyKeys(path, rest, ENDPOINT_KEYS);
  const baseUrl = problems.string(join(path, 'baseUrl'), raw.baseUrl);
  if (baseUrl !== undefined) {
    try {
      apiBaseUrl(baseUrl);
    } catch (error) {
      problems.add(join(path, 'baseUrl'), (error as Error).message);
    }
  }
  const model = problems.string(join(path, 'model'), raw.model);
  const name = problems.string(join(path, 'name'), raw.name, true) ?? fallbackName;
  const spec: EndpointSpec = { name, baseUrl: baseUrl ?? '', model: model ?? '' };
  const apiKeyEnv = problems.string(join(path, 'apiKeyEnv'), raw.apiKeyEnv, true);
  if (apiKeyEnv !== undefined) {
    spec.apiKeyEnv = apiKeyEnv;
    const key = env[apiKeyEnv];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv))
      problems.add(join(path, 'apiKeyEnv'), 'must be the name of an environment variable');
    else if (!key)
      problems.add(join(path, 'apiKeyEnv'), `environment variable ${apiKeyEnv} is not set`);
    else spec.apiKey = key;
  }
  const timeoutMs = problems.integer(join(path, 'timeoutMs'), raw.timeoutMs, 1);
  if (timeoutMs !== undefined) spec.timeoutMs = timeoutMs;
  const max = problems.integer(join(path, 'maxConcurrency'), raw.maxConcurrency, 1);
  if (max !== undefined) spec.maxConcurrency = max;
  return spec;
}

function readEndpoints(raw: unknown, env: Env, problems: ProblemList): EndpointSpec[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.add('endpoints', 'must be a non-empty list of {baseUrl, model, apiKeyEnv?}');
    return [];
  }
  const specs = raw.flatMap((e, i) => {
    const spec = readEndpoint(e, join('endpoints', i), `endpoint-${i + 1}`, env, problems);
    return spec ? [spec] : [];
  });
  const seen = new Set<string>();
  specs.forEach((s, i) => {
    if (seen.has(s.name))
      problems.add(join(join('endpoints', i), 'name'), `"${s.name}" is used twice`);
    seen.add(s.name);
  });
  return specs;
}

/**
 * Roles map to endpoint names. A role not listed uses the endpoints no role names; `score`
 * defaults to the judge's endpoints like in the studio.
 */
function readRoles(
  raw: unknown,
  endpoints: EndpointSpec[],
  problems: ProblemList,
): Record<EngineRole, string[]> {
  const listed: Partial<Record<EngineRole, string[]>> = {};
  if (raw !== undefined && !isObject(raw))
    problems.add('roles', `must be an object (got ${describe(raw)})`);
  const roles: JsonObject = isObject(raw) ? raw : {};
  problems.onlyKeys('roles', roles, ENGINE_ROLES);
  const names = new Set(endpoints.map((e) => e.name));
  for (const role of ENGINE_ROLES) {
    const value = roles[role];
    if (value === undefined) continue;
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0 || !list.every((n) => typeof n === 'string')) {
      problems.add(join('roles', role), 'must be an endpoint name or a non-empty list of names');
      continue;
    }
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

/** `reference.builtIn`: whether the built-in benchmark sets are used too (default: yes). */
function readBuiltIn(raw: unknown, problems: ProblemList): boolean {
  if (!isObject(raw) || raw.builtIn === undefined) return true;
  if (typeof raw.builtIn === 'boolean') return raw.builtIn;
  problems.add('reference.builtIn', `must be true or false (got ${describe(raw.builtIn)})`);
  return true;
}

function readReferences(raw: unknown, baseDir: string, problems: ProblemList): ReferenceFile[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) {
    problems.add('reference', `must be an object {files?: [...], builtIn?} (got ${describe(raw)})`);
    return [];
  }
  problems.onlyKeys('reference', raw, ['files', 'builtIn']);
  if (raw.files === undefined) return [];
  if (!Array.isArray(raw.files)) {
    problems.add('reference.files', 'must be a list of {path, field?, source?}');
    return [];
  }
  return raw.files.flatMap((entry: unknown, i) => {
    const at = join('reference.files', i);
    const spec = typeof entry === 'string' ? { path: entry } : entry;
    if (!isObject(spec)) {
      problems.add(at, 'must be a file path or {path, field?, source?}');
      return [];
    }
    problems.onlyKeys(at, spec, ['path', 'field', 'source']);
    const path = problems.string(join(at, 'path'), spec.path);
    const field = problems.string(join(at, 'field'), spec.field, true) ?? 'question';
    const source = problems.string(join(at, 'source'), spec.source, true);
    if (path === undefined) return [];
    const absolute = resolve(baseDir, path);
    if (!existsSync(absolute)) {
      problems.add(join(at, 'path'), `file not found: ${absolute}`);
      return [];
    }
    return [{ path: absolute, field, source: source ?? path }];
  });
}

function readRetry(raw: unknown, problems: ProblemList): RetryPolicy | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.add('retry', `must be an object {attempts, baseDelayMs, maxDelayMs}`);
    return undefined;
  }
  problems.onlyKeys('retry', raw, ['attempts', 'baseDelayMs', 'maxDelayMs']);
  return {
    attempts: problems.integer('retry.attempts', raw.attempts, 1) ?? 6,
    baseDelayMs: problems.integer('retry.baseDelayMs', raw.baseDelayMs, 0) ?? 500,
    maxDelayMs: problems.integer('retry.maxDelayMs', raw.maxDelayMs, 0) ?? 15_000,
  };
}

function readBreaker(raw: unknown, problems: ProblemList): CircuitBreakerOptions | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.add('breaker', `must be an object {failureThreshold, cooldownMs, maxCooldownMs}`);
    return undefined;
  }
  problems.onlyKeys('breaker', raw, ['failureThreshold', 'cooldownMs', 'maxCooldownMs']);
  const d = defaultBreakerOptions;
  return {
    failureThreshold:
      problems.integer('breaker.failureThreshold', raw.failureThreshold, 1) ?? d.failureThreshold,
    cooldownMs: problems.integer('breaker.cooldownMs', raw.cooldownMs, 0) ?? d.cooldownMs,
    maxCooldownMs:
      problems.integer('breaker.maxCooldownMs', raw.maxCooldownMs, 0) ?? d.maxCooldownMs,
  };
}

/** Validates a parsed run file; relative paths are resolved against `baseDir`. */
export function parseRunFile(raw: unknown, baseDir: string, env: Env): RunFile | ProblemList {
  const problems = new ProblemList();
  if (!isObject(raw)) {
    problems.add('', `the run file must hold a JSON object (got ${describe(raw)})`);
    return problems;
  }
  problems.onlyKeys('', raw, TOP_KEYS);
  const run = resolveRunSettings(raw.run, problems);
  const endpoints = readEndpoints(raw.endpoints, env, problems);
  const roles = readRoles(raw.roles, endpoints, problems);
  const references = readReferences(raw.reference, baseDir, problems);
  const builtInReferences = readBuiltIn(raw.reference, problems);
  const rewardModel =
    raw.rewardModel === undefined
      ? undefined
      : readEndpoint(raw.rewardModel, 'rewardModel', 'reward-model', env, problems);
  const retry = readRetry(raw.retry, problems);
  const breaker = readBreaker(raw.breaker, problems);
  if (problems.problems.length || !run) return problems;
  return {
    run,
    endpoints,
    roles,
    references,
    builtInReferences,
    ...(rewardModel ? { rewardModel } : {}),
    ...(retry ? { retry } : {}),
    ...(breaker ? { breaker } : {}),
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
