import { OpenAiCompatibleEngine } from '../engine/openai/openAiCompatibleEngine';
import type { RemoteEndpointConfig } from '../engine/openai/openAiCompatibleEngine';

const STORAGE_KEY = 'scalequest.endpoint';

export type ConnectionCheck =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'ok'; models: string[] }
  | { state: 'error'; message: string };

interface Persisted {
  baseUrl: string;
  model: string;
  apiKey: string;
}

/**
 * The OpenAI-compatible server the studio sends work to. The API key stays in this origin's
 * localStorage: it is never written to IndexedDB, run records or exports.
 */
export class EndpointSettings {
  baseUrl = $state('http://127.0.0.1:8000');
  model = $state('');
  apiKey = $state('');
  #check = $state<ConnectionCheck>({ state: 'idle' });
  readonly #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
    const saved = this.#load();
    if (saved) {
      this.baseUrl = saved.baseUrl;
      this.model = saved.model;
      this.apiKey = saved.apiKey;
    }
  }

  get check(): ConnectionCheck {
    return this.#check;
  }

  get isComplete(): boolean {
    return this.baseUrl.trim() !== '' && this.model.trim() !== '';
  }

  get config(): RemoteEndpointConfig {
    const config: RemoteEndpointConfig = { baseUrl: this.baseUrl.trim(), model: this.model.trim() };
    if (this.apiKey) config.apiKey = this.apiKey;
    return config;
  }

  save(): void {
    const data: Persisted = { baseUrl: this.baseUrl, model: this.model, apiKey: this.apiKey };
    this.#storage?.setItem(STORAGE_KEY, JSON.stringify(data));
  }

  /** Lists the server's models; picks the first when no model is set yet. */
  async testConnection(): Promise<void> {
    this.#check = { state: 'checking' };
    try {
      const engine = new OpenAiCompatibleEngine({
        ...this.config,
        model: this.model || 'unset',
        retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
        timeoutMs: 15_000,
      });
      const models = await engine.listModels();
      if (!this.model && models[0]) this.model = models[0];
      this.#check = { state: 'ok', models };
      this.save();
    } catch (error) {
      this.#check = {
        state: 'error',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  #load(): Persisted | undefined {
    try {
      const raw = this.#storage?.getItem(STORAGE_KEY);
      const parsed = raw ? (JSON.parse(raw) as Partial<Persisted>) : undefined;
      if (!parsed) return undefined;
      return {
        baseUrl: String(parsed.baseUrl ?? ''),
        model: String(parsed.model ?? ''),
        apiKey: String(parsed.apiKey ?? ''),
      };
    } catch {
      return undefined;
    }
  }
}
