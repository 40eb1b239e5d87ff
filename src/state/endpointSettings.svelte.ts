/**
 * The OpenAI-compatible servers the studio sends work to: a list of endpoints in groups (a group
 * = replicas of one model, dispatched together by an EndpointPool). API keys stay in this origin's
 * localStorage: they are never written to IndexedDB, run records, exports or logs, and the UI
 * shows them masked.
 */
import { maskSecret } from '../engine/remote/secrets';
import { testConnection, type ConnectionCheck } from '../engine/remote/testConnection';
import type { AccessEndpoint, RemoteAccess } from '../core/runs/runBackends';
import {
  loadEndpointList,
  saveEndpointList,
  type EndpointEntry,
  type EndpointGroup,
  type EndpointList,
} from './endpointStorage';

export type EndpointCheck = { state: 'checking' } | { state: 'done'; result: ConnectionCheck };

/** A group a run can use: at least one endpoint with a URL and a model. */
export interface UsableGroup {
  id: string;
  name: string;
  model: string;
  endpoints: number;
}

export interface EndpointSettingsOptions {
  fetch?: typeof fetch;
  newId?: () => string;
}

export class EndpointSettings {
  groups = $state<EndpointGroup[]>([]);
  endpoints = $state<EndpointEntry[]>([]);
  #checks = $state<Record<string, EndpointCheck>>({});
  readonly #storage: Storage | undefined;
  readonly #options: EndpointSettingsOptions;

  constructor(
    storage: Storage | undefined = globalThis.localStorage,
    options: EndpointSettingsOptions = {},
  ) {
    this.#storage = storage;
    this.#options = options;
    const list = loadEndpointList(storage, () => this.#newId());
    this.groups = list.groups;
    this.endpoints = list.endpoints;
  }

  /** The first endpoint (the whole list for a single-server setup). */
  get first(): EndpointEntry | undefined {
    return this.endpoints[0];
  }
  get baseUrl(): string {
    return this.first?.baseUrl ?? '';
  }
  get model(): string {
    return this.first ? this.modelOf(this.first) : '';
  }
  get apiKey(): string {
    return this.first?.apiKey ?? '';
  }

  get isComplete(): boolean {
    return this.usableGroups.length > 0;
  }

  /** Every endpoint with its key, handed to a run when it starts (never stored with it). */
  get access(): RemoteAccess {
    return {
      endpoints: this.endpoints.map((e) => {
        const entry: AccessEndpoint = {
          groupId: e.groupId,
          groupName: this.groups.find((g) => g.id === e.groupId)?.name ?? '',
          baseUrl: e.baseUrl.trim(),
          model: this.modelOf(e),
        };
        if (e.apiKey) entry.apiKey = e.apiKey;
        return entry;
      }),
    };
  }

  get usableGroups(): UsableGroup[] {
    return this.groups.flatMap((group) => {
      const members = this.membersOf(group.id).filter((e) => e.baseUrl.trim() && this.modelOf(e));
      const first = members[0];
      return first
        ? [
            {
              id: group.id,
              name: group.name,
              model: this.modelOf(first),
              endpoints: members.length,
            },
          ]
        : [];
    });
  }

  membersOf(groupId: string): EndpointEntry[] {
    return this.endpoints.filter((e) => e.groupId === groupId);
  }

  /** The endpoint's own model name, else the first one named in its group. */
  modelOf(endpoint: EndpointEntry): string {
    const own = endpoint.model.trim();
    if (own) return own;
    return (
      this.membersOf(endpoint.groupId)
        .find((e) => e.model.trim())
        ?.model.trim() ?? ''
    );
  }

  /** `••••abcd`, or '' when the endpoint has no key. */
  maskedKey(endpointId: string): string {
    const key = this.endpoints.find((e) => e.id === endpointId)?.apiKey;
    return key ? maskSecret(key) : '';
  }

  checkOf(endpointId: string): EndpointCheck | undefined {
    return this.#checks[endpointId];
  }

  addGroup(name = `Group ${this.groups.length + 1}`): string {
    const id = this.#newId();
    this.groups.push({ id, name });
    this.addEndpoint(id);
    return id;
  }

  removeGroup(groupId: string): void {
    this.groups = this.groups.filter((g) => g.id !== groupId);
    this.endpoints = this.endpoints.filter((e) => e.groupId !== groupId);
    this.save();
  }

  addEndpoint(groupId: string): string {
    const id = this.#newId();
    this.endpoints.push({ id, groupId, baseUrl: '', model: '', apiKey: '' });
    this.save();
    return id;
  }

  removeEndpoint(endpointId: string): void {
    this.endpoints = this.endpoints.filter((e) => e.id !== endpointId);
    delete this.#checks[endpointId];
    this.save();
  }

  save(): void {
    const list: EndpointList = { groups: this.groups, endpoints: this.endpoints };
    saveEndpointList(this.#storage, list);
  }

  /**
   * GET /v1/models on one endpoint (default: the first) with a precise explanation of what is
   * wrong; picks the first listed model when the group names none yet.
   */
  async testConnection(endpointId = this.first?.id): Promise<ConnectionCheck | undefined> {
    const endpoint = this.endpoints.find((e) => e.id === endpointId);
    if (!endpoint) return undefined;
    this.#checks[endpoint.id] = { state: 'checking' };
    const model = this.modelOf(endpoint);
    const result = await testConnection({
      baseUrl: endpoint.baseUrl,
      ...(model ? { model } : {}),
      ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      timeoutMs: 15_000,
    });
    const current = this.endpoints.find((e) => e.id === endpoint.id);
    if (result.ok && current && !model && result.models[0]) current.model = result.models[0];
    this.#checks[endpoint.id] = { state: 'done', result };
    this.save();
    return result;
  }

  #newId(): string {
    return this.#options.newId?.() ?? crypto.randomUUID();
  }
}
