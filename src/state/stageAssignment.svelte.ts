/** The New run form's per-role backend picks, kept as option keys so the selects can bind them. */
import { ENGINE_ROLES, type EngineRole } from '../core/pipeline/stageEngines';
import type { LoadedModel } from './modelManager.svelte';
import type { RoleChoices, StageChoice } from './stageChoices';

export interface StageGroup {
  id: string;
  name: string;
  model: string;
  endpoints: number;
}

export interface StageOption {
  key: string;
  label: string;
  choice: StageChoice;
}

/** Remote groups first (the usual setup), then the loaded local models. */
export function stageOptions(groups: StageGroup[], models: LoadedModel[]): StageOption[] {
  return [
    ...groups.map((g) => ({
      key: `remote:${g.id}`,
      label: `Remote · ${g.name} (${g.model}, ${g.endpoints} endpoint${g.endpoints === 1 ? '' : 's'})`,
      choice: { kind: 'remote' as const, groupId: g.id },
    })),
    ...models.map((m) => ({
      key: `webllm:${m.modelId}`,
      label: `Local WebGPU · ${m.modelId}`,
      choice: {
        kind: 'webllm' as const,
        modelId: m.modelId,
        family: m.family,
        ...(m.profile ? { profile: m.profile } : {}),
      },
    })),
  ];
}

export class StageAssignment {
  /** Picked option key per role; '' (or a key no longer offered) means the first option. */
  keys = $state<Record<EngineRole, string>>({ generate: '', judge: '', solve: '', score: '' });

  /** The key in effect for a role given what is offered now. */
  keyFor(role: EngineRole, options: StageOption[]): string {
    const picked = this.keys[role];
    return options.some((o) => o.key === picked) ? picked : (options[0]?.key ?? '');
  }

  /** Gives every role the same option. */
  setAll(key: string): void {
    for (const role of ENGINE_ROLES) this.keys[role] = key;
  }

  /** The choice per role, or undefined when nothing is offered at all. */
  choices(options: StageOption[]): RoleChoices | undefined {
    const pick = (role: EngineRole) =>
      options.find((o) => o.key === this.keyFor(role, options))?.choice;
    const generate = pick('generate');
    const judge = pick('judge');
    const solve = pick('solve');
    const score = pick('score');
    return generate && judge && solve && score ? { generate, judge, solve, score } : undefined;
  }
}
