/**
 * Checks the URLs a model load needs before WebLLM touches them, so a failure names the URL
 * and the cause. WebLLM stores files with `Cache.add`, whose only error is "Request failed":
 * it says nothing about a 404, a CORS block or an HTML page where a .wasm should be.
 */

/** The part of a fetch Response the checks read. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  statusText?: string;
  /** "opaque" for a no-cors response. */
  type?: string;
  text(): Promise<string>;
  arrayBuffer?(): Promise<ArrayBuffer>;
  body?: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array }>;
      cancel(): Promise<void>;
    };
  } | null;
}

export type FetchLike = (
  url: string,
  init?: { mode?: 'cors' | 'no-cors'; cache?: 'no-store' },
) => Promise<FetchResponseLike>;

export type UrlProblemCause = 'unreachable' | 'cors' | 'not_found' | 'http' | 'not_wasm';

export type UrlCheck =
  | { ok: true; response: FetchResponseLike }
  | { ok: false; cause: UrlProblemCause; message: string };

/** "huggingface.co" from a URL (the URL itself when it does not parse). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Fetches `url` and explains a failure. A request the browser refuses is retried in no-cors
 * mode: when that succeeds the server is up and only CORS is missing.
 */
export async function checkUrl(url: string, what: string, fetchFn: FetchLike): Promise<UrlCheck> {
  let response: FetchResponseLike;
  try {
    response = await fetchFn(url, { cache: 'no-store' });
  } catch {
    const reachable = await fetchFn(url, { mode: 'no-cors', cache: 'no-store' }).then(
      () => true,
      () => false,
    );
    return reachable
      ? {
          ok: false,
          cause: 'cors',
          message: `${hostOf(url)} answered, but does not let this page read ${what} at ${url} (CORS). Serve it with the header Access-Control-Allow-Origin for this site.`,
        }
      : {
          ok: false,
          cause: 'unreachable',
          message: `Could not reach ${hostOf(url)} for ${what} at ${url}. The server is down, the address is wrong, or this computer is offline.`,
        };
  }
  if (response.status === 404)
    return {
      ok: false,
      cause: 'not_found',
      message: `${what[0]?.toUpperCase()}${what.slice(1)} is not at ${url} (404 Not Found). Check the URL.`,
    };
  if (!response.ok) {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return {
      ok: false,
      cause: 'http',
      message: `${hostOf(url)} answered ${status} for ${what} at ${url}.`,
    };
  }
  return { ok: true, response };
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** At least `need` first bytes of a body (up to `count` when they came along), and no more. */
async function firstBytes(
  response: FetchResponseLike,
  need: number,
  count: number,
): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) {
    const buffer =
      (await response.arrayBuffer?.()) ?? new TextEncoder().encode(await response.text()).buffer;
    return new Uint8Array(buffer).slice(0, count);
  }
  const bytes: number[] = [];
  try {
    while (bytes.length < need) {
      const { done, value } = await reader.read();
      if (done || !value) break;
      bytes.push(...value.slice(0, count - bytes.length));
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Uint8Array.from(bytes);
}

/** What a non-wasm file starts with, shown to say what was served instead. */
function describeStart(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes).replace(/\s+/g, ' ').trim();
  if (/^<(!doctype|html)/i.test(text)) return 'an HTML page';
  if (/^[{[]/.test(text)) return 'JSON';
  return text && /^[\x20-\x7e]+$/.test(text) ? `text starting "${text}"` : 'something else';
}

/**
 * The compiled model library: reachable, readable from this page (CORS) and really
 * WebAssembly (the "\0asm" magic bytes). Reads only the first bytes.
 */
export async function checkModelLibrary(url: string, fetchFn: FetchLike): Promise<UrlCheck> {
  const reached = await checkUrl(url, 'the model library', fetchFn);
  if (!reached.ok) return reached;
  const bytes = await firstBytes(reached.response, WASM_MAGIC.length, 16);
  if (WASM_MAGIC.every((b, i) => bytes[i] === b)) return reached;
  return {
    ok: false,
    cause: 'not_wasm',
    message: `The model library at ${url} is not WebAssembly: the server sent ${describeStart(bytes)} instead of a compiled .wasm file. Point to the model's -webgpu.wasm library.`,
  };
}
