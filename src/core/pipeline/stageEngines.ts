import type { LlmEngine } from '../ports/llmEngine';

/** The pipeline's model roles; each may be served by a different model or backend. */
export type EngineRole = 'generate' | 'judge' | 'solve' | 'score';

export const ENGINE_ROLES: readonly EngineRole[] = ['generate', 'judge', 'solve', 'score'];

/**
 * Which engine serves each role. The judge role also rates difficulty; `score` grades candidate
 * solutions when the selection scorer is the local judge.
 */
export type StageEngines = Readonly<Record<EngineRole, LlmEngine>>;

/** One engine for every role, with any role overridden. */
export function stageEngines(
  fallback: LlmEngine,
  overrides: Partial<Record<EngineRole, LlmEngine>> = {},
): StageEngines {
  return {
    generate: overrides.generate ?? fallback,
    judge: overrides.judge ?? fallback,
    solve: overrides.solve ?? fallback,
    score: overrides.score ?? overrides.judge ?? fallback,
  };
}

/**
 * Wraps each distinct engine once (roles sharing an engine share the wrapper, so a shared
 * local model keeps one queue and one priority order).
 */
export function mapDistinct(
  engines: StageEngines,
  wrap: (engine: LlmEngine) => LlmEngine,
): StageEngines {
  const wrapped = new Map<LlmEngine, LlmEngine>();
  const get = (e: LlmEngine) => {
    let w = wrapped.get(e);
    if (!w) wrapped.set(e, (w = wrap(e)));
    return w;
  };
  return {
    generate: get(engines.generate),
    judge: get(engines.judge),
    solve: get(engines.solve),
    score: get(engines.score),
  };
}
