/** Whether a local model suits this browser, in words for a newcomer (pure, unit-tested). */
import type { Capabilities } from '../engine/webgpu/capabilities';
import type { CatalogModel } from '../engine/webllm/modelCatalog';

export type FitLevel = 'good' | 'slow' | 'large' | 'no-room' | 'no-webgpu';

export interface ModelFit {
  level: FitLevel;
  text: string;
}

// Integrated and entry-level GPUs commonly leave 4–6 GB to the browser; above that, say so.
const COMFORTABLE_VRAM_MB = 6000;

/** `freeBytes`: browser storage left now (the page's storage figures); default: the probe's. */
export function modelFit(
  model: Pick<CatalogModel, 'vramMB' | 'estimatedDownloadBytes'>,
  caps: Capabilities | undefined,
  freeBytes: number | undefined = caps?.storage
    ? caps.storage.quota - caps.storage.usage
    : undefined,
): ModelFit {
  if (!caps?.webgpu) return { level: 'no-webgpu', text: 'Needs WebGPU, which this browser lacks.' };
  const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
  if (freeBytes !== undefined) {
    const free = freeBytes;
    if (free < model.estimatedDownloadBytes)
      return {
        level: 'no-room',
        text: `Needs ${gb(model.estimatedDownloadBytes)} GB of browser storage; ${gb(Math.max(0, free))} GB is free.`,
      };
  }
  if (caps.adapter?.software)
    return { level: 'slow', text: 'Runs, but very slowly: this GPU is a software fallback.' };
  if ((model.vramMB ?? 0) > COMFORTABLE_VRAM_MB)
    return {
      level: 'large',
      text: `Needs a GPU with about ${gb((model.vramMB ?? 0) * 1024 ** 2)} GB of memory.`,
    };
  return { level: 'good', text: 'Fits most GPUs.' };
}

const QUICK_PREFERENCE = [
  'Qwen2.5-0.5B-Instruct',
  'SmolLM2-360M-Instruct',
  'Qwen2.5-1.5B-Instruct',
];

/** The model for the one-click quick run: a small generator that fits, smallest download first. */
export function quickRunModel(
  catalog: CatalogModel[],
  caps: Capabilities | undefined,
  freeBytes?: number,
): CatalogModel | undefined {
  const usable = catalog.filter((m) => {
    const level = modelFit(m, caps, freeBytes).level;
    return m.roles.includes('generator') && (level === 'good' || level === 'slow');
  });
  for (const name of QUICK_PREFERENCE) {
    const found = usable.find((m) => m.name === name);
    if (found) return found;
  }
  return [...usable].sort((a, b) => a.estimatedDownloadBytes - b.estimatedDownloadBytes)[0];
}
