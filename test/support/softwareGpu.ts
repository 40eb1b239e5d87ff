/**
 * The WebGPU a headless Chromium offers here: SwiftShader, a software adapter without
 * shader-f16 and with tiny limits (as navigator.gpu for the model manager's capability probe).
 */
export const softwareGpu = {
  requestAdapter: () =>
    Promise.resolve({
      features: new Set<string>(),
      limits: { maxBufferSize: 1, maxStorageBufferBindingSize: 1 },
      info: { vendor: 'google', architecture: 'swiftshader' },
    }),
};

/** A navigator with that GPU and 50 GB of empty storage, not yet persisted. */
export const softwareNavigator = {
  gpu: softwareGpu,
  storage: {
    estimate: () => Promise.resolve({ usage: 0, quota: 50 * 1024 ** 3 }),
    persisted: () => Promise.resolve(false),
    persist: () => Promise.resolve(true),
  },
};
