/**
 * localStorage format of the endpoint list, and the migration from the single-server setting of
 * earlier versions. Only this origin's localStorage ever holds API keys.
 */
export const ENDPOINTS_KEY = 'scalequest.endpoints';
/** The single-server setting of earlier versions: `{ baseUrl, model, apiKey }`. */
export const LEGACY_ENDPOINT_KEY = 'scalequest.endpoint';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8000';

export interface EndpointGroup {
  id: string;
  name: string;
}

export interface EndpointEntry {
  id: string;
  groupId: string;
  baseUrl: string;
  /** Empty: the group's model (the first model named in the group). */
  model: string;
  apiKey: string;
}

export interface EndpointList {
  groups: EndpointGroup[];
  endpoints: EndpointEntry[];
}

interface StoredList extends EndpointList {
  version: 2;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function parse(raw: string | null | undefined): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function readList(value: unknown): EndpointList | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { groups, endpoints } = value as Partial<Record<keyof EndpointList, unknown>>;
  if (!Array.isArray(groups) || !Array.isArray(endpoints)) return undefined;
  const list: EndpointList = {
    groups: groups
      .map((g: Record<string, unknown>) => ({ id: text(g.id), name: text(g.name) }))
      .filter((g) => g.id),
    endpoints: endpoints
      .map((e: Record<string, unknown>) => ({
        id: text(e.id),
        groupId: text(e.groupId),
        baseUrl: text(e.baseUrl),
        model: text(e.model),
        apiKey: text(e.apiKey),
      }))
      .filter((e) => e.id),
  };
  const groupIds = new Set(list.groups.map((g) => g.id));
  list.endpoints = list.endpoints.filter((e) => groupIds.has(e.groupId));
  return list.groups.length ? list : undefined;
}

function singleServer(
  newId: () => string,
  server: { baseUrl: string; model: string; apiKey: string },
): EndpointList {
  const groupId = newId();
  return {
    groups: [{ id: groupId, name: 'Default' }],
    endpoints: [{ id: newId(), groupId, ...server }],
  };
}

/**
 * The stored list; else the legacy single server as a one-endpoint "Default" group (written in
 * the new format at once, the old key removed); else one empty endpoint at vLLM's default URL.
 */
export function loadEndpointList(storage: Storage | undefined, newId: () => string): EndpointList {
  const stored = readList(parse(storage?.getItem(ENDPOINTS_KEY)));
  if (stored) return stored;
  const legacy = parse(storage?.getItem(LEGACY_ENDPOINT_KEY));
  if (legacy && typeof legacy === 'object') {
    const old = legacy as Record<string, unknown>;
    const list = singleServer(newId, {
      baseUrl: text(old.baseUrl),
      model: text(old.model),
      apiKey: text(old.apiKey),
    });
    saveEndpointList(storage, list);
    storage?.removeItem(LEGACY_ENDPOINT_KEY);
    return list;
  }
  return singleServer(newId, { baseUrl: DEFAULT_BASE_URL, model: '', apiKey: '' });
}

export function saveEndpointList(storage: Storage | undefined, list: EndpointList): void {
  const stored: StoredList = {
    version: 2,
    groups: list.groups.map((g) => ({ id: g.id, name: g.name })),
    endpoints: list.endpoints.map((e) => ({
      id: e.id,
      groupId: e.groupId,
      baseUrl: e.baseUrl,
      model: e.model,
      apiKey: e.apiKey,
    })),
  };
  storage?.setItem(ENDPOINTS_KEY, JSON.stringify(stored));
}
