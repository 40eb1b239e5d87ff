import type { StageName } from './records';
import type { RunConfig } from './runConfig';

/** What the studio knows, before a start, about what the stages will have to work with. */
export interface StageContext {
  /** Names of the contamination reference sets available (built-in and imported). */
  referenceSets: readonly string[];
  /** Whether the score role goes to a server (a reward model needs one). */
  remoteScoreRole: boolean;
}

export interface StageWarning {
  stage: StageName;
  text: string;
}

/**
 * Stages that are on but cannot run as set: the run may start, but the person hears first what
 * will be recorded as skipped or done differently.
 */
export function stageWarnings(config: RunConfig, context: StageContext): StageWarning[] {
  const warnings: StageWarning[] = [];
  if (config.contamination.enabled && context.referenceSets.length === 0)
    warnings.push({
      stage: 'contamination',
      text: 'Contamination is on, but no reference set is available: every question would be recorded as skipped for it. Reload the studio while online (the built-in benchmark sets come with it) or import a reference set under Dataset, or turn the check off.',
    });
  if (config.selection.scorer === 'reward-model' && !context.remoteScoreRole)
    warnings.push({
      stage: 'select',
      text: 'The reward-model scorer needs the score role on a server that serves a reward model; with a local score role the local judge scores the solutions instead.',
    });
  return warnings;
}
