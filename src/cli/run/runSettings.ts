import { presetConfig, RUN_PRESETS } from '../../core/pipeline/presets';
import type { RunConfig } from '../../core/pipeline/runConfig';
import { runConfigProblems } from '../../core/pipeline/runConfigSchema';
import * as v from 'valibot';
import { describe, isObject, join, type JsonObject, type ProblemList } from './configProblems';

type Issue = v.BaseIssue<unknown>;

/**
 * What may be written over `base`: only its keys, each with the JSON type of the base's value;
 * objects recurse, so a patch sets any setting at any depth and leaves the rest as they are.
 */
function patchOf(base: JsonObject): v.GenericSchema<unknown, JsonObject> {
  const entries: v.ObjectEntries = {};
  for (const [key, value] of Object.entries(base)) entries[key] = v.optional(valueOf(value));
  const known = Object.keys(base).join(', ');
  return v.strictObject(entries, (issue) =>
    issue.expected === 'never'
      ? `unknown setting; expected one of ${known}`
      : `must be an object (got ${describe(issue.input)})`,
  );
}

function valueOf(value: unknown): v.GenericSchema {
  if (isObject(value)) return patchOf(value);
  const type = typeof value;
  const message = (issue: Issue) => `must be a ${type} (got ${describe(issue.input)})`;
  if (type === 'number') return v.number(message);
  if (type === 'string') return v.string(message);
  if (type === 'boolean') return v.boolean(message);
  // Lists and empty values are not set from a run file.
  return v.custom(() => false, message);
}

/** `solve.samples` from an issue's path. */
function pathOf(issue: Issue): string {
  return (issue.path ?? []).reduce<string>((at, item) => join(at, String(item.key)), '');
}

/** `patch` (already checked against `base`) deep-merged over `base`. */
function merge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = base[key];
    out[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
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
  const sized: Partial<Pick<RunConfig, 'targetPairs' | 'seed'>> = {};
  if (typeof rest.targetPairs === 'number') sized.targetPairs = rest.targetPairs;
  if (typeof rest.seed === 'number') sized.seed = rest.seed;
  const base = presetConfig(preset, sized) as unknown as JsonObject;
  const patch = v.safeParse(patchOf(base), rest);
  if (!patch.success) {
    for (const issue of patch.issues) problems.add(join('run', pathOf(issue)), issue.message);
    return undefined;
  }
  const merged = merge(base, patch.output) as unknown as RunConfig;
  const invalid = runConfigProblems(merged);
  for (const { path, message } of invalid) problems.add(path ? join('run', path) : 'run', message);
  return invalid.length ? undefined : merged;
}
