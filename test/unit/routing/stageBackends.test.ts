import { describe, expect, it } from 'vitest';
import {
  distinctBackends,
  remoteTarget,
  roleBackends,
  toAccess,
  usesLocalModel,
} from '../../../src/services/stageBackends';
import { backendsFor, sameForAll } from '../../../src/state/stageChoices';
import type { RunBackend } from '../../../src/core/runs/runRow';

const old: RunBackend = { kind: 'remote', baseUrl: 'http://gpu:8000', model: 'm' };
const local: RunBackend = { kind: 'webllm', modelId: 'Qwen' };

describe('a run’s per-role backends', () => {
  it('reads a row from before per-role backends as one backend for every role', () => {
    expect(roleBackends({ backend: old })).toEqual({
      generate: old,
      judge: old,
      solve: old,
      score: old,
    });
    expect(usesLocalModel({ backend: old })).toBe(false);
    expect(usesLocalModel({ backend: local })).toBe(true);
  });

  it('lets score follow the judge and marks a run with any local role as local', () => {
    const row = { backend: old, roles: { judge: local } };
    expect(roleBackends(row)).toEqual({ generate: old, judge: local, solve: old, score: local });
    expect(usesLocalModel(row)).toBe(true);
  });

  it('groups roles that share a backend (by group id, else by URLs)', () => {
    const group: RunBackend = { ...old, groupId: 'g1' };
    const sameGroupOtherUrl: RunBackend = {
      kind: 'remote',
      baseUrl: 'http://x',
      model: 'm',
      groupId: 'g1',
    };
    const uses = distinctBackends({
      generate: local,
      judge: group,
      solve: sameGroupOtherUrl,
      score: { ...old, baseUrl: 'http://gpu:8000/v1/' },
    });
    expect(uses.map((u) => [u.key, u.roles])).toEqual([
      ['webllm:Qwen', ['generate']],
      ['remote-group:g1', ['judge', 'solve']],
      ['remote:http://gpu:8000/v1|m', ['score']],
    ]);
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
      { kind: 'remote', baseUrl: 'http://a:8000', model: 'm', groupId: 'g1' },
      access,
    );
    expect(target).toEqual({
      kind: 'remote',
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
        baseUrl: 'http://c:8000',
        model: 'n',
        groupId: 'deleted',
        replicas: [
          { baseUrl: 'http://c:8000', model: 'n' },
          { baseUrl: 'http://d:8000', model: 'n' },
        ],
      },
      access,
    );
    expect(target.kind === 'remote' && target.endpoints).toEqual([
      { baseUrl: 'http://c:8000', model: 'n', apiKey: 'sk-cccccccccccc' },
      { baseUrl: 'http://d:8000', model: 'n' },
    ]);
  });

  it('turns a single endpoint config of older callers into access', () => {
    expect(toAccess({ baseUrl: 'http://a', model: 'm', apiKey: 'k' })).toEqual({
      endpoints: [{ groupId: 'default', baseUrl: 'http://a', model: 'm', apiKey: 'k' }],
    });
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
      baseUrl: 'http://a:8000',
      model: 'm',
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
