import type { CheckNotRun, CheckThatRan } from '../runs/runChecks';
import type { FunnelStage } from './runFunnel';

/** A model that produced data: the generator writes questions, the solver writes answers. */
export interface CardModel {
  role: string;
  name: string;
  /** The model's own license (its terms bind the generated data). */
  license?: string;
  url?: string;
}

/**
 * Which kept pairs an export holds: every kept pair except those rejected in review (the
 * default), only the accepted ones, or — where nothing can be reviewed (the CLI) — every kept pair.
 */
export type ReviewRule = 'exclude-rejected' | 'accepted-only' | 'no-review';

/** Kept pairs (with a chosen answer) by review state, as the export met them. */
export interface ReviewTally {
  accepted: number;
  /** Not reviewed yet. */
  pending: number;
  rejected: number;
  /** Pairs written with a person's edit in place of the model's text. */
  edited: number;
  /** Pairs written that overlap a contamination reference set (kept flagged by their run). */
  flagged: number;
}

/** A contamination reference set a run was checked against. */
export interface CardReferenceSet {
  name: string;
  /** For the built-in benchmark sets: what they are, how many questions, their licence. */
  description?: string;
}

export interface CardContamination {
  /** Word n-gram length of the overlap check. */
  ngram: number;
  sets: CardReferenceSet[];
  /** Questions checked. */
  checked: number;
  /** Questions found overlapping a set, whatever became of them. */
  overlapping: number;
  /** 'drop' rejects overlapping questions; 'flag' keeps them, marked in the data's flag columns. */
  action: 'flag' | 'drop';
  /** Overlapping questions the check rejected (action 'drop'). */
  dropped: number;
}

export interface CardRun {
  id: string;
  name?: string;
  seed: number;
  startedAt?: string;
  appVersion?: string;
  /** The full run config snapshot; rendered as a flat setting table (secrets removed first). */
  settings: object;
  /** Every stage, attempts entering, passing, rejected and skipped. */
  funnel: FunnelStage[];
  /** Checks that ran, with settings and counts, and those that did not (from `runChecks`). */
  checks: { ran: CheckThatRan[]; notRun: CheckNotRun[] };
  /** What the contamination check compared with and what it found, when it ran. */
  contamination?: CardContamination;
  kept: number;
  /** This run's kept pairs by review state, as the export met them. */
  review: ReviewTally;
}

export interface CardDataFile {
  /** Path inside the dataset repository or bundle, e.g. `data/train.parquet`. */
  path: string;
  /** Hugging Face config name; files with the same config load together. */
  config?: string;
  split?: string;
  /** Human description of the layout (e.g. "ScaleQuest query/response", "ShareGPT"). */
  layout: string;
}

/** Plain data the card is written from; the UI/DB layer gathers it. */
export interface DatasetCardInput {
  title: string;
  description?: string;
  /** Hugging Face license id for the front matter, normally the generating model's license. */
  license: string;
  languages?: string[];
  /** Pairs in the data files. */
  pairCount: number;
  /** The review rule the export applied (see `ReviewRule`). */
  reviewRule: ReviewRule;
  dataFiles: CardDataFile[];
  models: CardModel[];
  runs: CardRun[];
  tags?: string[];
  appVersion?: string;
  createdAt?: string;
  /** Hub repository id for the loading example, e.g. `me/my-math-set`. */
  repoId?: string;
}
