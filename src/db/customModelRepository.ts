import type { CustomModelStore, StoredCustomModel } from '../engine/webllm/customModelStore';
import type { CustomModelRow } from './rows';
import type { StudioDb } from './studioDb';

/** Custom WebLLM models kept in IndexedDB, so they survive reloads. */
export class DexieCustomModelStore implements CustomModelStore {
  readonly #db: StudioDb;

  constructor(db: StudioDb) {
    this.#db = db;
  }

  async list(): Promise<StoredCustomModel[]> {
    const rows = await this.#db.customModels.toArray();
    return rows.sort((a, b) => a.addedAt - b.addedAt).map(toStored);
  }

  async put(model: StoredCustomModel): Promise<void> {
    const row: CustomModelRow = {
      id: model.record.model_id,
      record: model.record,
      family: model.family,
      addedAt: model.addedAt,
    };
    await this.#db.customModels.put(row);
  }

  async delete(modelId: string): Promise<void> {
    await this.#db.customModels.delete(modelId);
  }
}

function toStored(row: CustomModelRow): StoredCustomModel {
  return { record: row.record, family: row.family, addedAt: row.addedAt };
}
