import type { GenerationResult } from './llmEngine';

/** Where cached results live (one run's rows in IndexedDB, or a Map in tests). */
export interface RequestCache {
  get(key: string): Promise<GenerationResult | undefined>;
  put(key: string, result: GenerationResult): Promise<void>;
}
