import type { BrowseRow } from './browseRow';

/** `rows` with `fresh` put in place of rows with the same id, new ones appended. */
export function mergeRows(rows: readonly BrowseRow[], fresh: readonly BrowseRow[]): BrowseRow[] {
  if (fresh.length === 0) return rows as BrowseRow[];
  const byId = new Map(fresh.map((row) => [row.id, row]));
  const merged = rows.map((row) => {
    const update = byId.get(row.id);
    if (update) byId.delete(row.id);
    return update ?? row;
  });
  // Not push(...values): an import of 100,000+ rows would overflow the call stack.
  for (const row of byId.values()) merged.push(row);
  return merged;
}

/** `rows` with `changes` applied to the rows whose id is in `ids` (a new array). */
export function patchRows(
  rows: readonly BrowseRow[],
  ids: readonly string[],
  changes: Partial<BrowseRow>,
): BrowseRow[] {
  const chosen = new Set(ids);
  return rows.map((row) => (chosen.has(row.id) ? { ...row, ...changes } : row));
}

/** The models that generated the rows, sorted, for the filter menu. */
export function distinctModels(rows: readonly BrowseRow[]): string[] {
  return [...new Set(rows.map((row) => row.model).filter(Boolean))].sort();
}
