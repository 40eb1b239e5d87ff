import { describe, expect, it } from 'vitest';
import { loadDesign, saveDesign } from '../../../src/state/designDraft';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe('the design kept between visits', () => {
  it('comes back as it was left, without an imported question list', () => {
    const storage = memoryStorage();
    const config = {
      ...defaultRunConfig({ targetPairs: 7 }),
      solve: { ...defaultRunConfig().solve, samples: 4 },
      source: { kind: 'imported' as const, name: 'set', questions: ['a?', 'b?'] },
    };
    saveDesign(config, storage);
    const back = loadDesign(storage)!;
    expect(back.targetPairs).toBe(7);
    expect(back.solve.samples).toBe(4);
    expect(back.source).toBeUndefined();
  });

  it('gives nothing (the studio default then) for a missing or unreadable draft', () => {
    const storage = memoryStorage();
    expect(loadDesign(storage)).toBeUndefined();
    storage.setItem('scalequest.design', '{not json');
    expect(loadDesign(storage)).toBeUndefined();
    storage.setItem('scalequest.design', '"a string"');
    expect(loadDesign(storage)).toBeUndefined();
    storage.setItem('scalequest.design', JSON.stringify({ ...defaultRunConfig(), dedup: 'on' }));
    expect(loadDesign(storage)).toBeUndefined();
  });

  it('brings back a design with a problem, for the designer to point at', () => {
    const storage = memoryStorage();
    saveDesign({ ...defaultRunConfig({ targetPairs: 50 }), maxAttempts: 10 }, storage);
    expect(loadDesign(storage)?.maxAttempts).toBe(10);
  });
});
