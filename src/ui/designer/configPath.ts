import type { RunConfig } from '../../core/pipeline/runConfig';

/** A dotted path into RunConfig, e.g. "solve.samples". */
export type ConfigPath = string;

export function getAt(config: RunConfig, path: ConfigPath): unknown {
  let value: unknown = config;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** A copy of the config with one value replaced (the sections along the path are copied too). */
export function setAt(config: RunConfig, path: ConfigPath, value: unknown): RunConfig {
  const keys = path.split('.');
  const copy = (node: unknown, depth: number): unknown => {
    const key = keys[depth]!;
    const object = { ...(node as Record<string, unknown>) };
    object[key] = depth === keys.length - 1 ? value : copy(object[key], depth + 1);
    return object;
  };
  return copy(config, 0) as RunConfig;
}
