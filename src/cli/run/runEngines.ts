import { nearDuplicateIndexes } from '../../core/dedup/dedupChecker';
import { ContaminationIndex } from '../../core/filters/contamination';
import type { RunPipelineOptions } from '../../core/pipeline/runPipeline';
import { ENGINE_ROLES, type EngineRole } from '../../core/pipeline/stageEngines';
import { RewardModelScorer } from '../../engine/openai/rewardModelScorer';
import type { HttpTransport } from '../../engine/http/transport';
import { DEFAULT_TIMEOUT_MS } from '../../engine/openai/openAiCompatibleEngine';
import { EndpointPool, type EndpointPoolOptions } from '../../engine/remote/endpointPool';
import type { PoolEndpointConfig } from '../../engine/remote/poolEndpoint';
import { loadBuiltInReferenceSets, readJsonlField } from '../referenceSets';
import type { EndpointSpec, RunFile } from './runFile';

/** What runPipeline needs besides the store, built from a run file. */
export type RunWiring = Pick<
  RunPipelineOptions,
  'engine' | 'engines' | 'scorer' | 'contamination' | 'duplicates' | 'pendingDuplicates'
> & {
  /** Distinct pools, for live stats. */
  pools: EndpointPool[];
  /** The pools named by the roles they serve (the reward model's included). */
  groups: { name: string; pool: EndpointPool }[];
  /** How candidates are ranked, in words for the log. */
  scoring: string;
};

/** The longest total limit any request of the run may take (the HTTP client must allow it). */
export function longestTimeoutMs(file: RunFile): number {
  const all = [...file.endpoints, ...(file.rewardModel ? [file.rewardModel] : [])];
  return Math.max(...all.map((e) => e.timeoutMs ?? DEFAULT_TIMEOUT_MS));
}

function endpointConfig(
  e: Pick<EndpointSpec, 'baseUrl' | 'model' | 'apiKey' | 'timeoutMs'>,
  transport: HttpTransport | undefined,
): PoolEndpointConfig {
  return {
    baseUrl: e.baseUrl,
    model: e.model,
    ...(e.apiKey ? { apiKey: e.apiKey } : {}),
    ...(e.timeoutMs !== undefined ? { timeoutMs: e.timeoutMs } : {}),
    ...(transport ? { transport } : {}),
  };
}

/** How the CLI's pools behave beyond the run file: parking, outages, liveness. */
export type PoolPolicy = Pick<
  EndpointPoolOptions,
  'exhausted' | 'parkDelayMs' | 'outageAfterMs' | 'liveness' | 'limit' | 'metricsEveryMs'
> & {
  /** Ask for streamed answers (default true; batch files ask for whole ones). */
  stream?: boolean;
};

function poolFor(
  endpoints: EndpointSpec[],
  file: RunFile,
  transport: HttpTransport | undefined,
  policy: PoolPolicy,
): EndpointPool {
  const { stream, ...options } = policy;
  return new EndpointPool({
    ...options,
    endpoints: endpoints.map((e) => ({
      ...endpointConfig(e, transport),
      ...(stream !== undefined ? { stream } : {}),
      ...(e.maxConcurrency !== undefined ? { maxLimit: e.maxConcurrency } : {}),
    })),
    ...(file.retry ? { retry: file.retry } : {}),
    ...(file.breaker ? { breaker: file.breaker } : {}),
  });
}

/** One EndpointPool per distinct set of endpoints, so roles on the same servers share slots. */
export function roleEngines(
  file: RunFile,
  transport?: HttpTransport,
  policy: PoolPolicy = {},
): {
  engines: Record<EngineRole, EndpointPool>;
  pools: EndpointPool[];
  /** Each pool with the roles it serves, e.g. "generate, judge". */
  groups: { name: string; pool: EndpointPool }[];
} {
  const byKey = new Map<string, EndpointPool>();
  const rolesOf = new Map<EndpointPool, EngineRole[]>();
  const engines = {} as Record<EngineRole, EndpointPool>;
  for (const role of ENGINE_ROLES) {
    const names = [...file.roles[role]].sort();
    const key = names.join('\u0000');
    let pool = byKey.get(key);
    if (!pool) {
      pool = poolFor(
        file.endpoints.filter((e) => names.includes(e.name)),
        file,
        transport,
        policy,
      );
      byKey.set(key, pool);
    }
    engines[role] = pool;
    rolesOf.set(pool, [...(rolesOf.get(pool) ?? []), role]);
  }
  const pools = [...byKey.values()];
  const groups = pools.map((pool) => ({ name: rolesOf.get(pool)!.join(', '), pool }));
  return { engines, pools, groups };
}

function scoringNote(file: RunFile): string {
  const scorer = file.run.selection.scorer;
  if (scorer === 'off') return 'no scorer (majority, then shorter text)';
  if (scorer === 'local-judge') return 'local judge (1–10) on the score endpoints';
  return file.rewardModel
    ? `reward model ${file.rewardModel.model}`
    : 'reward model requested but no rewardModel configured: falling back to the local judge (1–10)';
}

/**
 * Engines per role, the reward scorer, the contamination index over the reference files and the
 * near-duplicate indexes (seeded with the questions the journal already kept).
 */
export function runWiring(
  file: RunFile,
  kept: readonly { id: string; text: string }[],
  transport?: HttpTransport,
  policy: PoolPolicy = {},
): RunWiring {
  const { engines, pools, groups } = roleEngines(file, transport, policy);
  const wiring: RunWiring = {
    engine: engines.generate,
    engines,
    pools,
    groups,
    scoring: scoringNote(file),
  };
  const reward = file.rewardModel;
  if (reward && file.run.selection.scorer === 'reward-model') {
    const pool = poolFor([reward], file, transport, policy);
    wiring.scorer = new RewardModelScorer(pool);
    groups.push({ name: 'reward model', pool });
  }
  if (file.run.contamination.enabled) {
    const sets = [
      ...(file.builtInReferences ? loadBuiltInReferenceSets() : []),
      ...file.references.map((r) => ({ source: r.source, texts: readJsonlField(r.path, r.field) })),
    ];
    if (sets.length)
      wiring.contamination = ContaminationIndex.fromSets(sets, { n: file.run.contamination.ngram });
  }
  Object.assign(wiring, nearDuplicateIndexes(file.run.dedup, kept));
  return wiring;
}
