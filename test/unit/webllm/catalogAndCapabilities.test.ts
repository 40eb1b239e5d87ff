import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { probeCapabilities } from '../../../src/engine/webgpu/capabilities';
import type { AdapterLike } from '../../../src/engine/webgpu/capabilities';
import {
  buildCatalog,
  CATALOG,
  estimateDownloadBytes,
} from '../../../src/engine/webllm/modelCatalog';

function adapter(f16: boolean, info: AdapterLike['info'], fallback = false): AdapterLike {
  return {
    features: new Set(f16 ? ['shader-f16'] : []),
    limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 },
    info,
    isFallbackAdapter: fallback,
  };
}

describe('probeCapabilities', () => {
  it('explains missing WebGPU and suggests a remote server', async () => {
    const caps = await probeCapabilities({});
    expect(caps.webgpu).toBe(false);
    expect(caps.guidance[0]).toMatch(/not available/);
    expect(caps.guidance[0]).toMatch(/remote/);
  });

  it('flags SwiftShader as a software adapter without shader-f16', async () => {
    const caps = await probeCapabilities({
      gpu: {
        requestAdapter: () =>
          Promise.resolve(
            adapter(false, { vendor: 'google', architecture: 'swiftshader', description: '' }),
          ),
      },
      storage: {
        estimate: () => Promise.resolve({ usage: 0, quota: 10 * 1024 ** 3 }),
        persisted: () => Promise.resolve(false),
      },
    });
    expect(caps).toMatchObject({
      webgpu: true,
      shaderF16: false,
      adapter: {
        vendor: 'google',
        architecture: 'swiftshader',
        software: true,
        isFallbackAdapter: false,
      },
      maxBufferSize: 2 ** 30,
      maxStorageBufferBindingSize: 2 ** 27,
      storage: { usage: 0, quota: 10 * 1024 ** 3, persisted: false },
    });
    expect(caps.guidance.join(' ')).toMatch(/100–1000× slower/);
    expect(caps.guidance.join(' ')).toMatch(/q4f32/);
    expect(caps.guidance.join(' ')).toMatch(/persistent/);
  });

  it('reports a real GPU with shader-f16 without warnings', async () => {
    const caps = await probeCapabilities({
      gpu: {
        requestAdapter: () =>
          Promise.resolve(
            adapter(true, { vendor: 'apple', architecture: 'metal-3', description: 'M3' }),
          ),
      },
      storage: {
        estimate: () => Promise.resolve({ usage: 1, quota: 100 * 1024 ** 3 }),
        persisted: () => Promise.resolve(true),
      },
    });
    expect(caps.shaderF16).toBe(true);
    expect(caps.adapter?.software).toBe(false);
    expect(caps.guidance).toEqual([]);
  });

  it('treats a null adapter as no WebGPU', async () => {
    const caps = await probeCapabilities({ gpu: { requestAdapter: () => Promise.resolve(null) } });
    expect(caps.webgpu).toBe(false);
  });
});

const records = prebuiltAppConfig.model_list;

describe('model catalog', () => {
  it('picks q4f16_1 with shader-f16 and q4f32_1 without', () => {
    const f16 = buildCatalog(true, records);
    const f32 = buildCatalog(false, records);
    expect(f16).toHaveLength(CATALOG.length);
    expect(f32).toHaveLength(CATALOG.length);
    expect(f16.find((m) => m.name === 'Qwen2-Math-7B-Instruct')).toMatchObject({
      modelId: 'Qwen2-Math-7B-Instruct-q4f16_1-MLC',
      vramMB: 5106.67,
      needsShaderF16: true,
    });
    expect(f32.find((m) => m.name === 'Qwen2-Math-7B-Instruct')).toMatchObject({
      modelId: 'Qwen2-Math-7B-Instruct-q4f32_1-MLC',
      vramMB: 5900.09,
      needsShaderF16: false,
    });
    expect(f32.every((m) => !m.needsShaderF16)).toBe(true);
  });

  it('falls back to q0 builds where no 4-bit build exists (SmolLM2-135M)', () => {
    expect(
      buildCatalog(false, records).find((m) => m.name === 'SmolLM2-135M-Instruct')?.modelId,
    ).toBe('SmolLM2-135M-Instruct-q0f32-MLC');
    expect(
      buildCatalog(true, records).find((m) => m.name === 'SmolLM2-135M-Instruct')?.modelId,
    ).toBe('SmolLM2-135M-Instruct-q0f16-MLC');
  });

  it('estimates download size from parameters × bits', () => {
    expect(estimateDownloadBytes(7.62, 'q4f16_1')).toBe(Math.round(((7.62e9 * 4.5) / 8) * 1.05));
    const m = buildCatalog(false, records).find((x) => x.name === 'Llama-3.1-8B-Instruct');
    expect((m?.estimatedDownloadBytes ?? 0) / 1e9).toBeCloseTo(5.27, 1);
    expect(m?.roles).toContain('judge');
  });
});
