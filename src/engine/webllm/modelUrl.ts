/** WebLLM's model URL rule (cleanModelUrl in @mlc-ai/web-llm 0.2.86), kept in one place. */

/** Appends "resolve/main/" unless the URL already has "/resolve/<rev>/", as WebLLM does. */
export function resolveModelBaseUrl(modelUrl: string): string {
  let url = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url).href;
}

export function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
