import { createHash } from 'node:crypto';
import type { RunFile } from './runFile';
import { canonicalJson } from '../../core/canonicalJson';

/**
 * Hash of what decides what attempt i produces: the resolved run settings, the model serving
 * each role, the reference files and the reward model. Left out: concurrency and look-ahead
 * (speed only), targetPairs and maxAttempts (raising them continues the same run), and endpoint
 * URLs, keys, timeouts and retries (move to another server or add replicas between sessions).
 */
export function runConfigHash(file: RunFile): string {
  const { concurrency: _c, lookAhead: _l, targetPairs: _t, maxAttempts: _m, ...run } = file.run;
  const models = Object.fromEntries(
    Object.entries(file.roles).map(([role, names]) => [
      role,
      [...new Set(file.endpoints.filter((e) => names.includes(e.name)).map((e) => e.model))].sort(),
    ]),
  );
  const data = {
    run,
    models,
    references: file.references.map((r) => ({ path: r.path, field: r.field, source: r.source })),
    rewardModel: file.rewardModel?.model ?? null,
    // Only when turned off, so journals written before the sets were built in still resume
    // (their later attempts are checked against them; each attempt records what it was checked against).
    ...(file.builtInReferences ? {} : { builtInReferences: false }),
  };
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}
