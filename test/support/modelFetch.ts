/** A fetch for model checks: every .wasm URL serves WebAssembly, other URLs as routed. */
import type { FetchLike, FetchResponseLike } from '../../src/engine/webllm/urlCheck';

export const WASM_BYTES = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export type FetchRoute =
  | { status: number; body?: string | Uint8Array }
  /** The browser refuses the request (server down, no network). */
  | 'network'
  /** CORS: a cors request fails, a no-cors one gets an opaque answer. */
  | 'cors';

export function respond(status: number, body: string | Uint8Array = ''): FetchResponseLike {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    ok: status >= 200 && status < 300,
    status,
    text: () => Promise.resolve(new TextDecoder().decode(bytes)),
    arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
  };
}

/**
 * `routes` by exact URL win; any other .wasm answers 200 with WebAssembly; anything else
 * falls to `otherwise` (default: the network refuses it).
 */
export function modelFetch(
  routes: Record<string, FetchRoute> = {},
  otherwise: FetchRoute = 'network',
): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fn: FetchLike = (url, init) => {
    calls.push(init?.mode === 'no-cors' ? `no-cors ${url}` : url);
    const route =
      routes[url] ?? (url.endsWith('.wasm') ? { status: 200, body: WASM_BYTES } : otherwise);
    if (route === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (route === 'cors') {
      if (init?.mode !== 'no-cors') return Promise.reject(new TypeError('Failed to fetch'));
      return Promise.resolve({ ...respond(0), type: 'opaque' });
    }
    return Promise.resolve(respond(route.status, route.body));
  };
  return Object.assign(fn, { calls });
}
