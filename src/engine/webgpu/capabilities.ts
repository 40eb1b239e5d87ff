/**
 * What this browser can do for local inference: WebGPU, the adapter, shader-f16, buffer limits
 * and storage — plus plain-language guidance. `navigator` is injected so Node tests can fake it.
 */

export interface AdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: { vendor?: string; architecture?: string; description?: string; device?: string };
  isFallbackAdapter?: boolean;
}

export interface NavigatorLike {
  gpu?: {
    requestAdapter(options?: {
      powerPreference?: 'high-performance' | 'low-power';
    }): Promise<AdapterLike | null>;
  };
  storage?: {
    estimate?(): Promise<{ usage?: number; quota?: number }>;
    persisted?(): Promise<boolean>;
  };
  userAgent?: string;
}

export interface Capabilities {
  webgpu: boolean;
  adapter?: {
    vendor: string;
    architecture: string;
    description: string;
    /** Fallback or software (SwiftShader) adapter: roughly 100–1000× slower than a real GPU. */
    software: boolean;
    isFallbackAdapter: boolean;
  };
  shaderF16: boolean;
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
  storage?: { usage: number; quota: number; persisted: boolean };
  /** Plain-language advice for the capability report, most important first. */
  guidance: string[];
  /** Set when probing itself failed (the app keeps working with remote engines). */
  error?: string;
}

const NO_WEBGPU =
  'WebGPU is not available in this browser. Use a recent Chrome or Edge (113+) on desktop, or enable WebGPU in the browser flags (chrome://flags/#enable-unsafe-webgpu, Firefox dom.webgpu.enabled, Safari Technology Preview) — or connect a remote OpenAI-compatible server instead.';
const SOFTWARE =
  'The GPU is a software fallback (e.g. SwiftShader): local models would run roughly 100–1000× slower than on a real GPU. Use a remote server, or a machine with a GPU and hardware acceleration enabled.';
const NO_F16 =
  'This GPU does not offer shader-f16, so the studio uses the q4f32 builds of each model (they need a little more memory).';

function isSoftware(adapter: AdapterLike): boolean {
  const text = `${adapter.info?.architecture ?? ''} ${adapter.info?.description ?? ''} ${adapter.info?.vendor ?? ''}`;
  return (
    adapter.isFallbackAdapter === true ||
    /swiftshader|llvmpipe|software|microsoft basic render/i.test(text)
  );
}

async function probeStorage(nav: NavigatorLike): Promise<Capabilities['storage']> {
  const estimate = await nav.storage?.estimate?.();
  if (!estimate) return undefined;
  const persisted = (await nav.storage?.persisted?.()) ?? false;
  return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
}

function storageGuidance(storage: Capabilities['storage']): string[] {
  if (!storage) return [];
  const out: string[] = [];
  const freeGB = (storage.quota - storage.usage) / 1024 ** 3;
  if (freeGB < 2) {
    out.push(
      `Only ${freeGB.toFixed(1)} GB of browser storage is free: a 7B model needs about 4–5 GB. Delete cached models or free disk space.`,
    );
  }
  if (!storage.persisted) {
    out.push(
      'Storage is not persistent yet: the browser may evict downloaded models under pressure. Request persistent storage to keep them.',
    );
  }
  return out;
}

export async function probeCapabilities(nav: NavigatorLike): Promise<Capabilities> {
  const storage = await probeStorage(nav).catch(() => undefined);
  const base = { storage, shaderF16: false };
  if (!nav.gpu)
    return { ...base, webgpu: false, guidance: [NO_WEBGPU, ...storageGuidance(storage)] };
  let adapter: AdapterLike | null;
  try {
    adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, webgpu: false, error: message, guidance: [NO_WEBGPU] };
  }
  if (!adapter)
    return { ...base, webgpu: false, guidance: [NO_WEBGPU, ...storageGuidance(storage)] };
  const software = isSoftware(adapter);
  const shaderF16 = adapter.features.has('shader-f16');
  const guidance = [
    ...(software ? [SOFTWARE] : []),
    ...(shaderF16 ? [] : [NO_F16]),
    ...storageGuidance(storage),
  ];
  return {
    webgpu: true,
    adapter: {
      vendor: adapter.info?.vendor ?? '',
      architecture: adapter.info?.architecture ?? '',
      description: adapter.info?.description ?? '',
      software,
      isFallbackAdapter: adapter.isFallbackAdapter === true,
    },
    shaderF16,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    storage,
    guidance,
  };
}
