/** Persistence port for custom models; the Dexie-backed implementation lives in src/db. */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { ModelFamily } from '../../core/prompts/preQueryProfiles';
import type { DerivedProfile } from '../../core/prompts/profileFromChatConfig';

export interface StoredCustomModel {
  record: ModelRecord;
  /** The family preset, used when the config's template could not be rendered. */
  family: ModelFamily;
  /** The pre-query profile rendered from the model's own mlc-chat-config.json conv_template. */
  profile?: DerivedProfile;
  addedAt: number;
}

export interface CustomModelStore {
  list(): Promise<StoredCustomModel[]>;
  put(model: StoredCustomModel): Promise<void>;
  delete(modelId: string): Promise<void>;
}

/** Default for tests and until the DB layer is wired: nothing survives a reload. */
export class InMemoryCustomModelStore implements CustomModelStore {
  readonly #items = new Map<string, StoredCustomModel>();

  list(): Promise<StoredCustomModel[]> {
    return Promise.resolve([...this.#items.values()].map((m) => structuredClone(m)));
  }

  put(model: StoredCustomModel): Promise<void> {
    this.#items.set(model.record.model_id, structuredClone(model));
    return Promise.resolve();
  }

  delete(modelId: string): Promise<void> {
    this.#items.delete(modelId);
    return Promise.resolve();
  }
}
