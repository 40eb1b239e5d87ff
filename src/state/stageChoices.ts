/**
 * What the person picks per role on the New run form (core/runs/runBackends.ts `backendsFor`
 * turns it into the backends stored with the run), and the concurrency a replicated group needs.
 */
import { ENGINE_ROLES, type EngineRole } from '../core/pipeline/stageEngines';
import type { ModelFamily } from '../core/prompts/preQueryProfiles';
import type { DerivedProfile } from '../core/prompts/profileFromChatConfig';
import type { RunBackends } from '../core/runs/runBackends';

export type StageChoice =
  | { kind: 'remote'; groupId: string }
  /**
   * A loaded local model; when it generates, its own template (`profile`, from its config)
   * or else `family` picks the pre-query prefix.
   */
  | { kind: 'webllm'; modelId: string; family: ModelFamily; profile?: DerivedProfile };

export type RoleChoices = Record<EngineRole, StageChoice>;

/** One choice for every role. */
export function sameForAll(choice: StageChoice): RoleChoices {
  return { generate: choice, judge: choice, solve: choice, score: choice };
}

export function isRoleChoices(value: object): value is RoleChoices {
  return ENGINE_ROLES.every((role) => role in value);
}

/** Requests kept in flight per endpoint of a replicated group (vLLM batches them). */
const PER_REPLICA = 4;

/**
 * A group of several replicas is only used if the run keeps enough requests in flight: at least
 * four per endpoint of its largest group. Results are stored in attempt order whatever the
 * concurrency, so this changes speed, not the dataset.
 */
export function concurrencyFor(current: number, backends: RunBackends): number {
  const replicas = Math.max(
    ...Object.values(backends).map((b) => (b.kind === 'remote' ? b.replicas.length : 1)),
  );
  return replicas > 1 ? Math.min(64, Math.max(current, PER_REPLICA * replicas)) : current;
}
