import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from '../../../src/state/hashRoute.svelte';
import { visiblePieces } from '../../../src/ui/explain/visibleText';
import { modelFit } from '../../../src/state/modelFit';
import type { Capabilities } from '../../../src/engine/webgpu/capabilities';

describe('hash routes', () => {
  it('reads screens and parameters, and falls back to Start', () => {
    expect(parseHash('#/explain/r1%3A3')).toEqual({ screen: 'explain', param: 'r1:3' });
    expect(parseHash('#/runs')).toEqual({ screen: 'runs', param: undefined });
    expect(parseHash('')).toEqual({ screen: 'start', param: undefined });
    expect(parseHash('#/nowhere')).toEqual({ screen: 'start', param: undefined });
    expect(parseHash(hrefFor('explain', 'a/b:1'))).toEqual({ screen: 'explain', param: 'a/b:1' });
  });
});

describe('visible pieces', () => {
  it('sets special tokens and whitespace apart', () => {
    expect(visiblePieces('<|im_start|>user\nHi  \n\tx<｜begin▁of▁sentence｜>[INST]')).toEqual([
      { kind: 'special', text: '<|im_start|>' },
      { kind: 'text', text: 'user' },
      { kind: 'newline' },
      { kind: 'text', text: 'Hi' },
      { kind: 'space', count: 2 },
      { kind: 'newline' },
      { kind: 'tab' },
      { kind: 'text', text: 'x' },
      { kind: 'special', text: '<｜begin▁of▁sentence｜>' },
      { kind: 'special', text: '[INST]' },
    ]);
  });

  it('leaves ordinary angle brackets and inequalities as text', () => {
    expect(visiblePieces('a <b> and x < |y| > 2')).toEqual([
      { kind: 'text', text: 'a <b> and x < |y| > 2' },
    ]);
  });
});

describe('model fit', () => {
  const caps = (over: Partial<Capabilities>): Capabilities => ({
    webgpu: true,
    shaderF16: true,
    guidance: [],
    storage: { usage: 0, quota: 20 * 1024 ** 3, persisted: true },
    ...over,
  });
  const small = { vramMB: 900, estimatedDownloadBytes: 300e6 };
  const big = { vramMB: 8000, estimatedDownloadBytes: 4.5e9 };

  it('says what fits, what is slow and what cannot run', () => {
    expect(modelFit(small, caps({})).level).toBe('good');
    expect(modelFit(big, caps({})).text).toBe('Needs a GPU with about 7.8 GB of memory.');
    expect(modelFit(small, caps({ webgpu: false })).level).toBe('no-webgpu');
    expect(
      modelFit(big, caps({ storage: { usage: 0, quota: 2 * 1024 ** 3, persisted: false } })).text,
    ).toBe('Needs 4.2 GB of browser storage; 2.0 GB is free.');
    expect(
      modelFit(
        small,
        caps({
          adapter: {
            vendor: 'google',
            architecture: 'swiftshader',
            description: '',
            software: true,
            isFallbackAdapter: true,
          },
        }),
      ).level,
    ).toBe('slow');
  });
});
