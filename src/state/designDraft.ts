/**
 * The run being designed, kept in localStorage so Design shows it again after a run starts, on
 * coming back and after a reload, instead of falling back to the studio default.
 */
import { validateRunConfig, withConfigDefaults, type RunConfig } from '../core/pipeline/runConfig';

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
    validateRunConfig(config); // throws on a shape it cannot read
    return config;
  } catch {
    return undefined; // an unreadable draft is no reason to lose the designer
  }
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
