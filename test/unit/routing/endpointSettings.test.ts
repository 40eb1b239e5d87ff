import { afterEach, describe, expect, it } from 'vitest';
import { EndpointSettings } from '../../../src/state/endpointSettings.svelte';
import { ENDPOINTS_KEY, LEGACY_ENDPOINT_KEY } from '../../../src/state/endpointStorage';
import { startTestServer, type TestServer } from '../../support/openAiTestServer';
import { MemoryStorage } from '../../support/memoryStorage';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ids = () => {
  let n = 0;
  return () => `id${++n}`;
};
const KEY = 'sk-live-abcdefgh-9876';

describe('EndpointSettings', () => {
  it('migrates the single-server setting into a Default group and drops the old key', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      LEGACY_ENDPOINT_KEY,
      JSON.stringify({ baseUrl: 'http://gpu:8000', model: 'Qwen2-Math', apiKey: KEY }),
    );
    const settings = new EndpointSettings(storage, { newId: ids() });
    expect(settings.groups).toEqual([{ id: 'id1', name: 'Default' }]);
    expect(settings.endpoints).toEqual([
      { id: 'id2', groupId: 'id1', baseUrl: 'http://gpu:8000', model: 'Qwen2-Math', apiKey: KEY },
    ]);
    expect(storage.getItem(LEGACY_ENDPOINT_KEY)).toBeNull();
    expect(JSON.parse(storage.getItem(ENDPOINTS_KEY)!)).toMatchObject({ version: 2 });
    // A second page load reads the new format, not a fresh default.
    const again = new EndpointSettings(storage, { newId: ids() });
    expect(again.endpoints[0]).toMatchObject({ id: 'id2', apiKey: KEY });
    expect(again.access).toEqual({
      endpoints: [
        {
          groupId: 'id1',
          groupName: 'Default',
          baseUrl: 'http://gpu:8000',
          model: 'Qwen2-Math',
          apiKey: KEY,
        },
      ],
    });
  });

  it('starts with one empty endpoint at vLLM’s default URL, and ignores a broken entry', () => {
    const storage = new MemoryStorage();
    storage.setItem(ENDPOINTS_KEY, '{not json');
    const settings = new EndpointSettings(storage, { newId: ids() });
    expect(settings.endpoints).toEqual([
      { id: 'id2', groupId: 'id1', baseUrl: 'http://127.0.0.1:8000', model: '', apiKey: '' },
    ]);
    expect(settings.isComplete).toBe(false);
  });

  it('keeps what it can of a damaged stored list: a bad entry is dropped, a bad field is empty', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      ENDPOINTS_KEY,
      JSON.stringify({
        version: 2,
        groups: [null, { id: 'g', name: 7 }],
        endpoints: [
          'x',
          { id: 'e1', groupId: 'g', baseUrl: 'http://a:8000', model: null, apiKey: 'k' },
          { id: 'e2', groupId: 'gone', baseUrl: 'http://b:8000', model: 'm', apiKey: '' },
        ],
      }),
    );
    const settings = new EndpointSettings(storage, { newId: ids() });
    expect(settings.groups).toEqual([{ id: 'g', name: '' }]);
    expect(settings.endpoints).toEqual([
      { id: 'e1', groupId: 'g', baseUrl: 'http://a:8000', model: '', apiKey: 'k' },
    ]);
  });

  it('masks keys, shares a group’s model with its replicas and hands keys only to access', () => {
    const settings = new EndpointSettings(new MemoryStorage(), { newId: ids() });
    const first = settings.endpoints[0]!;
    Object.assign(first, { baseUrl: 'http://a:8000', model: 'm', apiKey: KEY });
    const second = settings.addEndpoint(first.groupId);
    settings.endpoints.find((e) => e.id === second)!.baseUrl = 'http://b:8000';
    const other = settings.addGroup('Judges');
    expect(settings.maskedKey(first.id)).toBe('••••9876');
    expect(settings.maskedKey(second)).toBe('');
    expect(settings.usableGroups).toEqual([
      { id: 'id1', name: 'Default', model: 'm', endpoints: 2 },
    ]);
    expect(settings.access.endpoints).toEqual([
      { groupId: 'id1', groupName: 'Default', baseUrl: 'http://a:8000', model: 'm', apiKey: KEY },
      { groupId: 'id1', groupName: 'Default', baseUrl: 'http://b:8000', model: 'm' },
      { groupId: other, groupName: 'Judges', baseUrl: '', model: '' },
    ]);
    settings.removeGroup(other);
    expect(settings.groups.map((g) => g.name)).toEqual(['Default']);
  });

  it('tests a connection, lists the models and picks one when none is set', async () => {
    server = await startTestServer();
    const settings = new EndpointSettings(new MemoryStorage(), { newId: ids() });
    const endpoint = settings.endpoints[0]!;
    Object.assign(endpoint, { baseUrl: server.url, apiKey: KEY });
    const result = await settings.testConnection(endpoint.id);
    expect(result).toMatchObject({
      ok: true,
      models: ['scripted-math'],
      summary: 'Connected: 1 model',
    });
    expect(settings.endpoints[0]!.model).toBe('scripted-math');
    expect(settings.checkOf(endpoint.id)).toMatchObject({ state: 'done' });
    expect(server.requests[0]!.authorization).toBe(`Bearer ${KEY}`);
  });

  it('explains a refused key without showing it', async () => {
    server = await startTestServer({
      fault: () => ({ kind: 'status', status: 401, body: `{"error":"bad key ${KEY}"}` }),
    });
    const settings = new EndpointSettings(new MemoryStorage(), { newId: ids() });
    Object.assign(settings.endpoints[0]!, { baseUrl: server.url, model: 'm', apiKey: KEY });
    const result = await settings.testConnection();
    expect(result).toMatchObject({
      ok: false,
      problem: 'unauthorized',
      summary: 'Access denied (401)',
    });
    expect(result!.detail).toContain('••••9876');
    expect(JSON.stringify(settings.checkOf(settings.endpoints[0]!.id))).not.toContain(KEY);
  });

  it('names an unknown model with what the server lists', async () => {
    server = await startTestServer();
    const settings = new EndpointSettings(new MemoryStorage(), { newId: ids() });
    Object.assign(settings.endpoints[0]!, { baseUrl: server.url, model: 'gpt-x' });
    const result = await settings.testConnection();
    expect(result).toMatchObject({ ok: false, problem: 'unknown_model' });
    expect(result!.detail).toBe("The server does not serve 'gpt-x'. It lists: scripted-math.");
  });
});
