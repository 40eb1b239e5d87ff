/**
 * The run being designed, kept in localStorage so Design shows it again after a run starts, on
 * coming back and after a reload, instead of falling back to the studio default.
 */
import { defaultRunConfig, withConfigDefaults, type RunConfig } from '../core/pipeline/runConfig';

const KEY = 'scalequest.design';

export function loadDesign(
  storage: Storage | undefined = globalThis.localStorage,
): RunConfig | undefined {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return undefined;
    const stored = JSON.parse(raw) as RunConfig;
    if (typeof stored !== 'object' || stored === null || typeof stored.targetPairs !== 'number')
      return undefined;
    const config = withConfigDefaults(stored);
    // A design with a problem comes back (the designer says what to fix); one it cannot show does not.
    return sameShape(config, defaultRunConfig()) ? config : undefined;
  } catch {
    return undefined; // an unreadable draft is no reason to lose the designer
  }
}

/** Every setting of `like` is there with a value of the same kind, sections one level down. */
function sameShape(value: unknown, like: unknown): boolean {
  if (like === null || typeof like !== 'object' || Array.isArray(like))
    return like === undefined || value === undefined || typeof value === typeof like;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return Object.entries(like).every(([key, l]) =>
    l !== null && typeof l === 'object' && !Array.isArray(l)
      ? sameShape(v[key], l)
      : l === undefined || v[key] === undefined || typeof v[key] === typeof l,
  );
}

export function saveDesign(
  config: RunConfig,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  // An imported question list belongs to its run, not to the next design.
  const { source: _source, ...design } = config;
  try {
    storage?.setItem(KEY, JSON.stringify(design));
  } catch {
    // Full or blocked storage: the design lives on in the page for this visit.
  }
}
