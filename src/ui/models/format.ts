/** Display helpers for the local-model screens (pure, unit-tested). */
import type { EngineErrorCode } from '../../core/ports/engineError';
import type { LoadPhase } from '../../state/modelManager.svelte';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB"; binary multiples, one decimal from KB up. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

export const PHASE_NAMES: Record<LoadPhase, string> = {
  fetch: 'Downloading weights',
  cache: 'Loading weights from the browser cache',
  shader: 'Compiling GPU shaders',
  done: 'Finishing',
  other: 'Preparing',
};

/** Phase names inside a sentence ("loaded in 12 s: download 8 s · shader compilation 4 s"). */
export const PHASE_SHORT: Record<LoadPhase, string> = {
  fetch: 'download',
  cache: 'reading the browser cache',
  shader: 'shader compilation',
  done: 'finishing',
  other: 'preparing',
};

/** What the person can do next, after the error message itself. */
export function nextStep(code: EngineErrorCode): string {
  switch (code) {
    case 'quota':
      return 'Free browser storage: delete cached models below or request persistent storage, then retry.';
    case 'out_of_memory':
      return 'Pick a smaller model (fewer parameters or a lower VRAM figure), or close other GPU-heavy tabs.';
    case 'device_lost':
      return 'The GPU was reset. Load the model again; if it keeps happening, use a smaller model.';
    case 'shader_f16_missing':
      return 'This GPU lacks shader-f16: pick a q4f32 build (the catalog does this for you).';
    case 'webgpu_unavailable':
      return 'Use a browser with WebGPU enabled, or a remote server under "Model server".';
    case 'network':
    case 'cors':
      return 'Check the network connection (and, for custom models, that the server allows CORS), then retry.';
    case 'aborted':
      return 'The load was cancelled; start it again when ready.';
    default:
      return 'Retry the load. If the download was interrupted, delete the cached files and retry.';
  }
}
