/**
 * The one place a run is put together, whoever starts it: the studio's run service (in the
 * pipeline worker, or on the page for runs with a local model) and `scalequest run`. Each caller
 * brings what differs — each role's engine target, how an engine is built, the store, the indexes,
 * the reward model — and this turns them into the pipeline's options: one engine per distinct
 * target key, shared by the roles that use it, wrapped once.
 */
import { withConfigDefaults, type RunConfig } from '../core/pipeline/runConfig';
import type { RunPipelineOptions } from '../core/pipeline/runPipeline';
import { ENGINE_ROLES, type EngineRole } from '../core/pipeline/stageEngines';
import type { LlmEngine } from '../core/ports/llmEngine';
import type { RunStore } from '../core/ports/runStore';
import type { SolutionScorer } from '../core/ports/solutionScorer';
import type { EngineTarget } from '../core/runs/runBackends';
import { EndpointPool, type EndpointPoolOptions } from '../engine/remote/endpointPool';
import type { PoolEndpointConfig } from '../engine/remote/poolEndpoint';

/** The checkers a run plugs into the pipeline besides its engines. */
export type PipelineIndexes = Pick<
  RunPipelineOptions,
  'duplicates' | 'pendingDuplicates' | 'contamination'
>;

export interface RunAssemblyInput {
  runId: string;
  config: RunConfig;
  /** Each role's engine target; roles whose targets share a key share one engine. */
  targets: Record<EngineRole, EngineTarget>;
  /** Builds the engine of one distinct target; throws when it cannot be served. */
  createEngine: (target: EngineTarget) => LlmEngine;
  /** Wraps each distinct engine once (the studio's request cache). */
  wrapEngine?: (engine: LlmEngine) => LlmEngine;
  /** Built once every engine exists, so a run that cannot get its engines builds none. */
  indexes: () => Promise<PipelineIndexes> | PipelineIndexes;
  /** The reward-model scorer, asked for only when the config selects with one. */
  rewardModel?: () => SolutionScorer | undefined;
  store: RunStore;
  onEvent?: RunPipelineOptions['onEvent'];
  signal?: AbortSignal;
}

/** One distinct engine of a run (before wrapping: e.g. the pool itself) with the roles it serves. */
export interface RunEngine {
  target: EngineTarget;
  roles: EngineRole[];
  engine: LlmEngine;
}

export interface AssembledRun {
  options: RunPipelineOptions;
  engines: RunEngine[];
}

export async function assembleRun(input: RunAssemblyInput): Promise<AssembledRun> {
  const byKey = new Map<string, RunEngine & { wrapped: LlmEngine }>();
  const engines = {} as Record<EngineRole, LlmEngine>;
  for (const role of ENGINE_ROLES) {
    const target = input.targets[role];
    let use = byKey.get(target.key);
    if (!use) {
      const engine = input.createEngine(target);
      const wrapped = input.wrapEngine ? input.wrapEngine(engine) : engine;
      use = { target, roles: [], engine, wrapped };
      byKey.set(target.key, use);
    }
    use.roles.push(role);
    engines[role] = use.wrapped;
  }
  // Stored configs may predate `selection`: the pipeline reads them with defaults, and so does this.
  const wantsRewardModel = withConfigDefaults(input.config).selection.scorer === 'reward-model';
  const scorer = wantsRewardModel ? input.rewardModel?.() : undefined;
  const { duplicates, pendingDuplicates, contamination } = await input.indexes();
  const options: RunPipelineOptions = {
    runId: input.runId,
    config: input.config,
    engine: engines.generate,
    engines,
    store: input.store,
    ...(duplicates ? { duplicates } : {}),
    ...(pendingDuplicates ? { pendingDuplicates } : {}),
    ...(contamination ? { contamination } : {}),
    ...(scorer ? { scorer } : {}),
    ...(input.onEvent ? { onEvent: input.onEvent } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
  return {
    options,
    engines: [...byKey.values()].map(({ target, roles, engine }) => ({ target, roles, engine })),
  };
}

/** What every endpoint of a pool is sent with besides its own settings (CLI: undici, batch mode). */
export type EndpointTransport = Pick<PoolEndpointConfig, 'transport' | 'stream'>;

/** A remote target's engine: an EndpointPool over its servers (undefined when it has none). */
export function remotePool(
  target: EngineTarget,
  options: Omit<EndpointPoolOptions, 'endpoints'> = {},
  transport: EndpointTransport = {},
): EndpointPool | undefined {
  if (target.kind !== 'remote' || target.endpoints.length === 0) return undefined;
  return new EndpointPool({
    ...options,
    endpoints: target.endpoints.map((e) => ({ ...e, ...transport })),
  });
}
