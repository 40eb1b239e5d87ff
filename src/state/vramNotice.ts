/** The GPU-memory warning shown when a second local model is loaded beside the first. */

export interface ModelVram {
  modelId: string;
  /** WebLLM's figure for the build; unknown for some custom models. */
  vramMB?: number;
}

/**
 * States the sum of what the loaded models and the new one need. The browser does not report how
 * much memory the GPU has, so this cannot say whether it fits — only what it takes.
 */
export function vramNotice(loaded: ModelVram[], adding: ModelVram): string {
  const all = [...loaded, adding];
  const known = all.filter((m) => m.vramMB !== undefined);
  const totalMB = known.reduce((sum, m) => sum + (m.vramMB ?? 0), 0);
  const parts = all
    .map((m) => `${m.modelId}: ${m.vramMB !== undefined ? mb(m.vramMB) : 'unknown'}`)
    .join(', ');
  const unknown = known.length < all.length ? ' at least' : '';
  return (
    `Loading ${adding.modelId} alongside ${loaded.map((m) => m.modelId).join(', ')} needs${unknown} ` +
    `${mb(totalMB)} of GPU memory in total (${parts}). Each model runs in its own worker with its ` +
    'own copy of the weights. The browser does not tell how much memory the GPU has: if it runs ' +
    'out, loading fails or the GPU device is lost — unload a model then.'
  );
}

const mb = (value: number) =>
  value >= 1024 ? `${(value / 1024).toFixed(1)} GB` : `${Math.round(value)} MB`;
