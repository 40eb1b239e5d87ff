import {
  BUILT_IN_REFERENCE_SETS,
  questionLines,
  type BuiltReferenceFile,
  type ReferenceTexts,
} from '../core/filters/benchmarkSets';

/** Loads the benchmark test sets built into the app (an empty list when none could be read). */
export type BundledReferenceLoader = () => Promise<ReferenceTexts[]>;

export const noBundledReferences: BundledReferenceLoader = () => Promise.resolve([]);

/** Where the build puts the sets, under the app's base URL. */
export const REFERENCE_SETS_DIR = 'reference-sets/';

/** The text of a gzipped file (or of its bytes as they are, when a server already decoded it). */
export async function gunzipText(bytes: Uint8Array): Promise<string> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** The built-in sets the app's build lists in `<base>reference-sets/index.json`. */
export async function listBuiltReferenceFiles(
  fetchFn: (url: string) => Promise<Response>,
  base: string,
): Promise<BuiltReferenceFile[]> {
  const index = await fetchFn(`${base}${REFERENCE_SETS_DIR}index.json`);
  if (!index.ok) throw new Error(`reference-set index: HTTP ${index.status}`);
  const listed = (await index.json()) as BuiltReferenceFile[];
  return listed.filter((f) => BUILT_IN_REFERENCE_SETS.some((b) => b.source === f.source));
}

/**
 * The built-in benchmark sets, fetched from the app's own files (precached by the service worker,
 * so they load offline too) and kept for the loader's lifetime once every one has loaded.
 */
export function fetchBundledReferenceSets(
  fetchFn: (url: string) => Promise<Response>,
  base: string,
): BundledReferenceLoader {
  let loaded: ReferenceTexts[] | undefined;
  return async () => {
    if (loaded) return loaded;
    const files = await listBuiltReferenceFiles(fetchFn, base).catch(() => []);
    const sets = await Promise.all(
      files.map(async ({ source, file }) => {
        try {
          const response = await fetchFn(`${base}${REFERENCE_SETS_DIR}${file}`);
          if (!response.ok) return null;
          const texts = questionLines(
            await gunzipText(new Uint8Array(await response.arrayBuffer())),
          );
          return { source, texts };
        } catch {
          return null;
        }
      }),
    );
    const read = sets.filter((s): s is ReferenceTexts => s !== null && s.texts.length > 0);
    if (read.length === BUILT_IN_REFERENCE_SETS.length) loaded = read;
    return read;
  };
}
