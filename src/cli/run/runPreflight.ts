/**
 * `scalequest run`'s preflight: every endpoint of the run file (and the reward model) checked at
 * once before the journal is touched, one line each, and a refusal naming what to fix.
 */
import type { Writable } from 'node:stream';
import { preflight, type PreflightTarget } from '../../engine/remote/preflight';
import type { RunFile } from './runFile';

function preflightTargets(file: RunFile): PreflightTarget[] {
  const generators = new Set(file.roles.generate);
  const targets: PreflightTarget[] = file.endpoints.map((e) => ({
    name: e.name,
    config: { baseUrl: e.baseUrl, model: e.model, ...(e.apiKey ? { apiKey: e.apiKey } : {}) },
    // Question generation sends completions (a pre-query template); every other role chats.
    kind: generators.has(e.name) ? 'complete' : 'chat',
  }));
  const reward = file.rewardModel;
  if (reward && file.run.selection.scorer === 'reward-model')
    targets.push({
      name: 'rewardModel',
      config: {
        baseUrl: reward.baseUrl,
        model: reward.model,
        ...(reward.apiKey ? { apiKey: reward.apiKey } : {}),
      },
      kind: 'pooling',
    });
  return targets;
}

/** Prints one line per endpoint; returns false (after saying why) when the run must not start. */
export async function runPreflight(
  file: RunFile,
  say: (line: string) => void,
  stderr: Writable,
  scrub: (text: string) => string,
  timeoutMs = 10_000,
): Promise<boolean> {
  const results = await preflight(preflightTargets(file), { timeoutMs, browser: false });
  for (const r of results)
    say(
      r.ok
        ? `preflight ${r.name} (${r.baseUrl}): ok${r.notes.length ? ` · ${r.notes.join(' · ')}` : ''}`
        : `preflight ${r.name} (${r.baseUrl}): FAILED`,
    );
  const failed = results.filter((r) => !r.ok);
  for (const r of failed)
    stderr.write(`scalequest run: ${r.name}: ${scrub(r.problem ?? 'failed')}\n`);
  if (failed.length)
    stderr.write(
      `scalequest run: ${failed.length} of ${results.length} endpoints failed the preflight; nothing was run. ` +
        'Fix them (or remove them from the run file), or pass --no-preflight to start anyway.\n',
    );
  return failed.length === 0;
}
