/**
 * localStorage format of the endpoint list, and the migration from the single-server setting of
 * earlier versions. Only this origin's localStorage ever holds API keys.
 */
import * as v from 'valibot';

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

// Stored values are read leniently: a field of the wrong type reads as empty, an entry that is not
// an object (or has no id) is dropped, so a damaged list loses that entry, never the page.
const text = v.fallback(v.string(), '');
const NO_ENTRY = { id: '' };
const storedGroup = v.fallback(v.object({ id: text, name: text }), { ...NO_ENTRY, name: '' });
const storedEndpoint = v.fallback(
  v.object({ id: text, groupId: text, baseUrl: text, model: text, apiKey: text }),
  { ...NO_ENTRY, groupId: '', baseUrl: '', model: '', apiKey: '' },
);
const STORED_LIST = v.object({ groups: v.array(storedGroup), endpoints: v.array(storedEndpoint) });
/** The single-server setting of earlier versions. */
const LEGACY_SERVER = v.object({ baseUrl: text, model: text, apiKey: text });

function parse(raw: string | null | undefined): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function readList(value: unknown): EndpointList | undefined {
  const parsed = v.safeParse(STORED_LIST, value);
  if (!parsed.success) return undefined;
  const groups = parsed.output.groups.filter((g) => g.id);
  const groupIds = new Set(groups.map((g) => g.id));
  const endpoints = parsed.output.endpoints.filter((e) => e.id && groupIds.has(e.groupId));
  return groups.length ? { groups, endpoints } : undefined;
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
  const legacy = v.safeParse(LEGACY_SERVER, parse(storage?.getItem(LEGACY_ENDPOINT_KEY)));
  if (legacy.success) {
    const list = singleServer(newId, legacy.output);
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
