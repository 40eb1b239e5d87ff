/**
 * Turns a failed WebLLM load into a message that names the URL and the cause. WebLLM stores
 * files with `Cache.add`, whose only error is "Request failed" / "Failed to fetch", so when a
 * load fails the way a download fails, the URLs it needs are fetched again here to find out
 * which one is wrong and why.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { EngineErrorCode, EngineErrorData } from '../../core/ports/engineError';
import { resolveModelBaseUrl } from './modelUrl';
import { checkModelLibrary, checkUrl, hostOf } from './urlCheck';
import type { FetchLike, UrlProblemCause } from './urlCheck';

const CAUSE_CODES: Record<UrlProblemCause, EngineErrorCode> = {
  unreachable: 'network',
  cors: 'cors',
  not_found: 'not_found',
  http: 'server',
  not_wasm: 'bad_response',
};

/** Load failures that may be a download problem worth diagnosing. */
const DOWNLOAD_CODES = new Set<EngineErrorCode>([
  'network',
  'unknown',
  'bad_response',
  'not_found',
]);

/** The library check done before a load; undefined when the library is fine. */
export async function libraryProblem(
  record: ModelRecord,
  fetchFn: FetchLike,
): Promise<EngineErrorData | undefined> {
  const check = await checkModelLibrary(record.model_lib, fetchFn);
  if (check.ok) return undefined;
  return {
    code: CAUSE_CODES[check.cause],
    message: `${record.model_id} cannot be loaded. ${check.message}`,
    retryable: check.cause === 'unreachable',
  };
}

/** A better account of a failed load, or the original one when the URLs look fine. */
export async function diagnoseLoadFailure(
  record: ModelRecord,
  error: EngineErrorData,
  fetchFn: FetchLike,
): Promise<EngineErrorData> {
  if (!DOWNLOAD_CODES.has(error.code)) return error;
  const configUrl = new URL('mlc-chat-config.json', resolveModelBaseUrl(record.model)).href;
  const config = await checkUrl(configUrl, 'the model configuration', fetchFn);
  if (!config.ok)
    return {
      code: CAUSE_CODES[config.cause],
      message: `${record.model_id} could not be downloaded. ${config.message}`,
      retryable: config.cause === 'unreachable',
    };
  const library = await libraryProblem(record, fetchFn);
  if (library) return library;
  if (error.code !== 'network') return error;
  const hosts = [...new Set([hostOf(record.model), hostOf(record.model_lib)])].join(' and ');
  return {
    ...error,
    message: `${record.model_id} could not be downloaded from ${hosts}: the browser reported "${rawReason(error.message, record.model_id)}". Check the connection, then try again.`,
  };
}

/** The browser's own words, without the model prefix and hint the error mapping added. */
function rawReason(message: string, modelId: string): string {
  const bare = message.startsWith(`${modelId}: `) ? message.slice(modelId.length + 2) : message;
  return bare.replace(/\.?\s*Check the connection.*$/s, '');
}
