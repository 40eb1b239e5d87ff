import type { StageName } from './records';

/** Each stage's name as the studio, the card and the CLI show it. */
export const STAGE_LABELS: Record<StageName, string> = {
  generate: 'Generation screen',
  language: 'Language',
  dedup: 'Duplicates',
  contamination: 'Contamination',
  judge: 'Solvability judge',
  solve: 'Solving',
  majority: 'Majority',
  difficulty: 'Difficulty',
  select: 'Selection',
};
