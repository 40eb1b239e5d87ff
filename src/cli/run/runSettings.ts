import { presetConfig, RUN_PRESETS } from '../../core/pipeline/presets';
import type { RunConfig } from '../../core/pipeline/runConfig';
import { runConfigProblems } from '../../core/pipeline/runConfigSchema';
import { describe, isObject, join, type JsonObject, type ProblemList } from './configProblems';

/**
 * Deep-merges `patch` over `base`: objects merge key by key, every other value replaces. Keys the
 * base does not have and values of another JSON type are reported instead of merged.
 */
function mergeChecked(
  base: JsonObject,
  patch: JsonObject,
  path: string,
  problems: ProblemList,
): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const at = join(path, key);
    if (!(key in base)) {
      problems.add(at, `unknown setting; expected one of ${Object.keys(base).join(', ')}`);
      continue;
    }
    const current = base[key];
    if (isObject(current)) {
      if (isObject(value)) out[key] = mergeChecked(current, value, at, problems);
      else problems.add(at, `must be an object (got ${describe(value)})`);
    } else if (typeof value !== typeof current || isObject(value) || Array.isArray(value)) {
      problems.add(at, `must be a ${typeof current} (got ${describe(value)})`);
    } else out[key] = value;
  }
  return out;
}

/**
 * The run settings of a run file: the preset (`run.preset`, default studio-default) sized by
 * `targetPairs`/`seed`, with every other field of `run` merged over it, then validated by the
 * same rules the studio's form uses (reported at their setting, e.g. `run.solve.samples`).
 */
export function resolveRunSettings(raw: unknown, problems: ProblemList): RunConfig | undefined {
  if (raw === undefined) raw = {};
  if (!isObject(raw)) {
    problems.add('run', `must be an object (got ${describe(raw)})`);
    return undefined;
  }
  const { preset = 'studio-default', ...rest } = raw;
  const ids = RUN_PRESETS.map((p) => p.id);
  if (typeof preset !== 'string' || !ids.includes(preset)) {
    problems.add('run.preset', `must be one of ${ids.join(', ')} (got ${JSON.stringify(preset)})`);
    return undefined;
  }
  const before = problems.problems.length;
  const sized: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>> = {};
  if (typeof rest.targetPairs === 'number') sized.targetPairs = rest.targetPairs;
  if (typeof rest.seed === 'number') sized.seed = rest.seed;
  const base = presetConfig(preset, sized) as unknown as JsonObject;
  const merged = mergeChecked(base, rest, 'run', problems) as unknown as RunConfig;
  if (problems.problems.length > before) return undefined;
  const invalid = runConfigProblems(merged);
  for (const { path, message } of invalid) problems.add(path ? join('run', path) : 'run', message);
  return invalid.length ? undefined : merged;
}
