import { describe, expect, it } from 'vitest';
import {
  backendLabel,
  backendsFor,
  distinctBackends,
  engineTargets,
  localModelsOf,
  remoteTarget,
  usesLocalModel,
  type RunBackend,
} from '../../../src/core/runs/runBackends';
import { upgradeRunBackends, type LegacyRunFields } from '../../../src/core/runs/legacyBackends';
import { sameForAll } from '../../../src/state/stageChoices';
import { sameBackendForAll } from '../../support/backends';

const server: RunBackend = {
  kind: 'remote',
  replicas: [{ baseUrl: 'http://gpu:8000', model: 'm' }],
};
const local: RunBackend = { kind: 'webllm', modelId: 'Qwen' };

describe('a run’s backends', () => {
  it('marks a run with any local role as local and lists its local models once', () => {
    expect(usesLocalModel(sameBackendForAll(server))).toBe(false);
    const mixed = { ...sameBackendForAll(server), judge: local, score: local };
    expect(usesLocalModel(mixed)).toBe(true);
    expect(localModelsOf(mixed)).toEqual(['Qwen']);
    // Imported pairs have no backends: nothing to load, nothing local.
    expect(usesLocalModel(undefined)).toBe(false);
  });

  it('groups roles that share a backend (by group id, else by URLs)', () => {
    const group: RunBackend = { ...server, groupId: 'g1' };
    const sameGroupOtherUrl: RunBackend = {
      kind: 'remote',
      groupId: 'g1',
      replicas: [{ baseUrl: 'http://x', model: 'm' }],
    };
    const uses = distinctBackends({
      generate: local,
      judge: group,
      solve: sameGroupOtherUrl,
      score: { kind: 'remote', replicas: [{ baseUrl: 'http://gpu:8000/v1/', model: 'm' }] },
    });
    expect(uses.map((u) => [u.key, u.roles])).toEqual([
      ['webllm:Qwen', ['generate']],
      ['remote-group:g1', ['judge', 'solve']],
      ['remote:http://gpu:8000/v1|m', ['score']],
    ]);
  });

  it('says a backend in words', () => {
    expect(backendLabel(local)).toBe('Qwen (this browser)');
    expect(
      backendLabel({
        kind: 'remote',
        replicas: [
          { baseUrl: 'http://gpu-box:8000', model: 'qwen-7b' },
          { baseUrl: 'http://gpu-2:8000', model: 'qwen-7b' },
        ],
      }),
    ).toBe('qwen-7b on gpu-box:8000 (+1 replica)');
  });
});

describe('remote access at start', () => {
  const access = {
    endpoints: [
      {
        groupId: 'g1',
        groupName: 'Math',
        baseUrl: 'http://a:8000',
        model: 'm',
        apiKey: 'sk-aaaaaaaaaaaa',
      },
      { groupId: 'g1', groupName: 'Math', baseUrl: 'http://b:8000', model: 'm' },
      { groupId: 'g2', baseUrl: 'http://c:8000/v1', model: 'n', apiKey: 'sk-cccccccccccc' },
    ],
  };

  it('uses the group’s current members with their keys', () => {
    const target = remoteTarget(
      { kind: 'remote', groupId: 'g1', replicas: [{ baseUrl: 'http://a:8000', model: 'm' }] },
      access,
    );
    expect(target).toEqual({
      kind: 'remote',
      key: 'remote-group:g1',
      name: 'Math',
      groupId: 'g1',
      endpoints: [
        { baseUrl: 'http://a:8000', model: 'm', apiKey: 'sk-aaaaaaaaaaaa' },
        { baseUrl: 'http://b:8000', model: 'm' },
      ],
    });
  });

  it('falls back to the stored replicas, matching keys by URL, when the group is gone', () => {
    const target = remoteTarget(
      {
        kind: 'remote',
        groupId: 'deleted',
        replicas: [
          { baseUrl: 'http://c:8000', model: 'n' },
          { baseUrl: 'http://d:8000', model: 'n' },
        ],
      },
      access,
    );
    expect(target.kind === 'remote' && [target.name, target.endpoints]).toEqual([
      'n',
      [
        { baseUrl: 'http://c:8000', model: 'n', apiKey: 'sk-cccccccccccc' },
        { baseUrl: 'http://d:8000', model: 'n' },
      ],
    ]);
  });

  it('gives roles sharing a backend one target key', () => {
    const targets = engineTargets({ ...sameBackendForAll(server), solve: local }, access);
    expect(Object.values(targets).map((t) => t.key)).toEqual([
      'remote:http://gpu:8000/v1|m',
      'remote:http://gpu:8000/v1|m',
      'webllm:Qwen',
      'remote:http://gpu:8000/v1|m',
    ]);
  });

  it('stores URLs and models per role but says what is missing', () => {
    const { backends, problems } = backendsFor(
      {
        ...sameForAll({ kind: 'remote', groupId: 'g1' }),
        solve: { kind: 'remote', groupId: 'none' },
      },
      access,
    );
    expect(backends.generate).toEqual({
      kind: 'remote',
      groupId: 'g1',
      replicas: [
        { baseUrl: 'http://a:8000', model: 'm' },
        { baseUrl: 'http://b:8000', model: 'm' },
      ],
    });
    expect(JSON.stringify(backends)).not.toContain('sk-');
    expect(problems).toEqual(['Set a server URL and model for solving first.']);
  });
});

describe('older stored shapes, rewritten once (schema v7)', () => {
  const upgraded = (row: LegacyRunFields) => {
    const copy = structuredClone(row);
    upgradeRunBackends(copy);
    return copy;
  };

  it('gives every role the one backend of a row from before per-role backends', () => {
    expect(
      upgraded({ backend: { kind: 'remote', baseUrl: 'http://gpu:8000', model: 'm' } }),
    ).toEqual({ backends: sameBackendForAll(server) });
  });

  it('keeps per-role entries, the rest on `backend`, score following the judge', () => {
    const group = {
      kind: 'remote' as const,
      baseUrl: 'http://a:8000',
      model: 'm',
      groupId: 'g1',
      replicas: [
        { baseUrl: 'http://a:8000', model: 'm' },
        { baseUrl: 'http://b:8000', model: 'm' },
      ],
    };
    expect(
      upgraded({
        backend: { kind: 'remote', baseUrl: 'http://gpu:8000', model: 'm' },
        roles: { generate: group, judge: { kind: 'webllm', modelId: 'Qwen' } },
      }),
    ).toEqual({
      backends: {
        generate: { kind: 'remote', groupId: 'g1', replicas: group.replicas },
        judge: local,
        solve: server,
        score: local,
      },
    });
  });

  it('drops the placeholder backend of imported pairs and leaves new rows alone', () => {
    expect(
      upgraded({ kind: 'imported', backend: { kind: 'remote', baseUrl: '', model: '' } }),
    ).toEqual({ kind: 'imported' });
    const current = { backends: sameBackendForAll(local) };
    expect(upgraded(current)).toEqual(current);
  });
});
