import { nearDuplicateIndexes } from '../../core/dedup/dedupChecker';
import { ContaminationIndex } from '../../core/filters/contamination';
import type { RunPipelineOptions } from '../../core/pipeline/runPipeline';
import { ENGINE_ROLES, type EngineRole } from '../../core/pipeline/stageEngines';
import { RewardModelScorer } from '../../engine/openai/rewardModelScorer';
import type { HttpTransport } from '../../engine/http/transport';
import { DEFAULT_TIMEOUT_MS } from '../../engine/openai/openAiCompatibleEngine';
import type { EndpointPool, EndpointPoolOptions } from '../../engine/remote/endpointPool';
import type { RunStore } from '../../core/ports/runStore';
import type { EngineTarget, TargetEndpoint } from '../../core/runs/runBackends';
import { assembleRun, remotePool } from '../../services/runAssembly';
import { loadBuiltInReferenceSets, readJsonlField } from '../referenceSets';
import type { EndpointSpec, RunFile } from './runFile';

/** A run file's pipeline options, with what the CLI reports about them. */
export interface RunWiring {
  options: RunPipelineOptions;
  /** The contamination index over the reference sets, when the check has any. */
  contamination?: ContaminationIndex;
  /** Distinct pools, for live stats. */
  pools: EndpointPool[];
  /** The pools named by the roles they serve (the reward model's included). */
  groups: { name: string; pool: EndpointPool }[];
  /** How candidates are ranked, in words for the log. */
  scoring: string;
}

/** The longest total limit any request of the run may take (the HTTP client must allow it). */
export function longestTimeoutMs(file: RunFile): number {
  const all = [...file.endpoints, ...(file.rewardModel ? [file.rewardModel] : [])];
  return Math.max(...all.map((e) => e.timeoutMs ?? DEFAULT_TIMEOUT_MS));
}

function targetEndpoint(e: EndpointSpec): TargetEndpoint {
  return {
    baseUrl: e.baseUrl,
    model: e.model,
    ...(e.apiKey ? { apiKey: e.apiKey } : {}),
    ...(e.timeoutMs !== undefined ? { timeoutMs: e.timeoutMs } : {}),
    ...(e.maxConcurrency !== undefined ? { maxLimit: e.maxConcurrency } : {}),
  };
}

/**
 * Each role's engine target: the endpoints the file names for it. Roles naming the same set of
 * endpoints get one key, so they share one pool and its slots.
 */
function fileTargets(file: RunFile): Record<EngineRole, EngineTarget> {
  const targets = {} as Record<EngineRole, EngineTarget>;
  for (const role of ENGINE_ROLES) {
    const names = [...file.roles[role]].sort();
    targets[role] = {
      kind: 'remote',
      key: names.join('\u0000'),
      name: names.join(', '),
      endpoints: file.endpoints.filter((e) => names.includes(e.name)).map(targetEndpoint),
    };
  }
  return targets;
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
  target: EngineTarget,
  file: RunFile,
  transport: HttpTransport | undefined,
  policy: PoolPolicy,
): EndpointPool {
  const { stream, ...options } = policy;
  const pool = remotePool(
    target,
    {
      ...options,
      ...(file.retry ? { retry: file.retry } : {}),
      ...(file.breaker ? { breaker: file.breaker } : {}),
    },
    { ...(transport ? { transport } : {}), ...(stream !== undefined ? { stream } : {}) },
  );
  // The run file names at least one endpoint for every role (runFile.ts checks it).
  if (!pool) throw new Error(`no endpoint serves ${target.kind === 'remote' ? target.name : ''}`);
  return pool;
}

function scoringNote(file: RunFile): string {
  const scorer = file.run.selection.scorer;
  if (scorer === 'off') return 'no scorer (majority, then shorter text)';
  if (scorer === 'local-judge') return 'local judge (1–10) on the score endpoints';
  return file.rewardModel
    ? `reward model ${file.rewardModel.model}`
    : 'reward model requested but no rewardModel configured: falling back to the local judge (1–10)';
}

/** What a run of the file writes to and reports through (the journal's store, the progress line). */
export interface RunSink {
  runId: string;
  store: RunStore;
  onEvent?: RunPipelineOptions['onEvent'];
  signal?: AbortSignal;
}

/**
 * The run file's run, assembled as the studio assembles its runs (services/runAssembly.ts):
 * engines per role, the reward scorer, the contamination index over the reference files and the
 * near-duplicate indexes (seeded with the questions the journal already kept).
 */
export async function runWiring(
  file: RunFile,
  kept: readonly { id: string; text: string }[],
  sink: RunSink,
  transport?: HttpTransport,
  policy: PoolPolicy = {},
): Promise<RunWiring> {
  const contamination = contaminationIndex(file);
  const reward = file.rewardModel;
  const rewardPools: EndpointPool[] = [];
  const poolOf = new Map<string, EndpointPool>();
  const { options, engines } = await assembleRun({
    ...sink,
    config: file.run,
    targets: fileTargets(file),
    createEngine: (target) => {
      const pool = poolFor(target, file, transport, policy);
      poolOf.set(target.key, pool);
      return pool;
    },
    indexes: () => ({
      ...(contamination ? { contamination } : {}),
      ...nearDuplicateIndexes(file.run.dedup, kept),
    }),
    rewardModel: () => {
      if (!reward) return undefined;
      const endpoints = [targetEndpoint(reward)];
      const pool = poolFor(
        { kind: 'remote', key: 'reward', name: reward.name, endpoints },
        file,
        transport,
        policy,
      );
      rewardPools.push(pool);
      return new RewardModelScorer(pool);
    },
  });
  const groups = engines.map(({ target, roles }) => ({
    name: roles.join(', '),
    pool: poolOf.get(target.key)!,
  }));
  const pools = groups.map((g) => g.pool);
  for (const pool of rewardPools) groups.push({ name: 'reward model', pool });
  return {
    options,
    ...(contamination ? { contamination } : {}),
    pools,
    groups,
    scoring: scoringNote(file),
  };
}

function contaminationIndex(file: RunFile): ContaminationIndex | undefined {
  if (!file.run.contamination.enabled) return undefined;
  const sets = [
    ...(file.builtInReferences ? loadBuiltInReferenceSets() : []),
    ...file.references.map((r) => ({ source: r.source, texts: readJsonlField(r.path, r.field) })),
  ];
  return sets.length
    ? ContaminationIndex.fromSets(sets, { n: file.run.contamination.ngram })
    : undefined;
}
