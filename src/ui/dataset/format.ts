import type { BrowseRow } from '../../core/dataset/browseRow';

const numbers = new Intl.NumberFormat('en');

export const count = (n: number): string => numbers.format(n);

export const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** "fail 33% · rated 4/5", or "—" before the solve stage. */
export function difficultyLabel(row: Pick<BrowseRow, 'failRate' | 'rating'>): string {
  const parts: string[] = [];
  if (row.failRate !== null) parts.push(`fail ${percent(row.failRate)}`);
  if (row.rating !== null) parts.push(`rated ${row.rating}/5`);
  return parts.length ? parts.join(' · ') : '—';
}
