import { describe, expect, it } from 'vitest';
import { doneMessage, runEventLine } from '../../../src/core/runs/runEvents';
import { problemHint } from '../../../src/ui/runs/runProblem';
import { localBackends, remoteBackends } from '../../support/backends';

const at = 0;

describe("a run's history lines", () => {
  it('say what happened and why', () => {
    expect(runEventLine({ at, kind: 'started', message: '' })).toEqual({
      title: 'Started',
      tone: 'neutral',
    });
    expect(runEventLine({ at, kind: 'paused', message: 'storage full' }).title).toBe(
      'Paused: storage full',
    );
    expect(runEventLine({ at, kind: 'failed', message: 'Could not reach the server' })).toEqual({
      title: 'Failed: Could not reach the server',
      tone: 'bad',
    });
    expect(
      runEventLine({ at, kind: 'recovered', message: 'GPU device lost; reloaded' }).title,
    ).toBe('Recovered: GPU device lost; reloaded');
  });

  it('read the kinds stored before events were named for what they tell', () => {
    // 'quota' rows carried the whole storage message; the line says what it meant.
    expect(runEventLine({ at, kind: 'quota', message: 'The browser storage is full…' })).toEqual({
      title: 'Paused: storage full',
      tone: 'warn',
    });
    expect(runEventLine({ at, kind: 'error', message: 'HTTP 500' }).title).toBe('Failed: HTTP 500');
    expect(runEventLine({ at, kind: 'someday', message: '' }).title).toBe('Someday');
  });

  it('a done event counts from the stored progress', () => {
    expect(doneMessage({ kept: 40, attempts: 1234 }, 40)).toBe('kept 40 of 40 in 1,234 attempts');
    expect(doneMessage({ kept: 3, attempts: 1 }, 10)).toBe(
      'attempts used up: kept 3 of 10 in 1 attempt',
    );
  });
});

describe("what to do about a run's problem", () => {
  const remote = remoteBackends('http://x', 'm');
  const local = localBackends('qwen');
  it('follows the error code', () => {
    expect(problemHint({ errorCode: 'quota', error: 'full', backends: remote })).toBe('storage');
    expect(problemHint({ errorCode: 'network', error: 'down', backends: remote })).toBe('server');
    expect(problemHint({ errorCode: 'model_not_loaded', error: 'load', backends: local })).toBe(
      'model',
    );
    expect(problemHint({ errorCode: 'unknown', error: 'odd', backends: remote })).toBeNull();
    expect(problemHint({ backends: remote })).toBeNull();
  });
  it('falls back on the words and the backend for rows without a code', () => {
    expect(problemHint({ error: 'The browser storage is full, so…', backends: remote })).toBe(
      'storage',
    );
    expect(problemHint({ error: 'HTTP 502', backends: remote })).toBe('server');
    expect(problemHint({ error: 'Load qwen first', backends: local })).toBe('model');
  });
});
