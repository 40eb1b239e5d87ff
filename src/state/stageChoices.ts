/**
 * What the person picks per role on the New run form, and how it becomes the backends stored with
 * the run (URLs, model names and the group id; never a key).
 */
import { ENGINE_ROLES, type EngineRole } from '../core/pipeline/stageEngines';
import type { ModelFamily } from '../core/prompts/preQueryProfiles';
import type { DerivedProfile } from '../core/prompts/profileFromChatConfig';
import type { RemoteAccess, RunBackends } from '../core/runs/runBackends';

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

/** Endpoints of the access that can serve a request (a URL and a model). */
function usable(access: RemoteAccess) {
  return access.endpoints.filter((e) => e.baseUrl.trim() && e.model.trim());
}

/** The first group with a usable endpoint (what "Remote server" meant before groups). */
export function firstUsableGroup(access: RemoteAccess): string | undefined {
  return usable(access)[0]?.groupId;
}

const roleNames: Record<EngineRole, string> = {
  generate: 'question generation',
  judge: 'the judge',
  solve: 'solving',
  score: 'solution scoring',
};

/** The backend stored for each role, or what is missing in words for the form. */
export function backendsFor(
  choices: RoleChoices,
  access: RemoteAccess,
): { backends: RunBackends; problems: string[] } {
  const problems: string[] = [];
  const backends = {} as RunBackends;
  for (const role of ENGINE_ROLES) {
    const choice = choices[role];
    if (choice.kind === 'webllm') {
      backends[role] = { kind: 'webllm', modelId: choice.modelId };
      continue;
    }
    const members = usable(access).filter((e) => e.groupId === choice.groupId);
    if (!members.length) problems.push(`Set a server URL and model for ${roleNames[role]} first.`);
    backends[role] = {
      kind: 'remote',
      groupId: choice.groupId,
      replicas: members.map((e) => ({ baseUrl: e.baseUrl.trim(), model: e.model.trim() })),
    };
  }
  return { backends, problems: [...new Set(problems)] };
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
