/** A model that produced data: the generator writes questions, the solver writes answers. */
export interface CardModel {
  role: string;
  name: string;
  /** The model's own license (its terms bind the generated data). */
  license?: string;
  url?: string;
}

export interface FunnelStageCount {
  stage: string;
  entered: number;
  passed: number;
  rejected: number;
  /** Rejection reasons with how often each occurred. */
  reasons?: Record<string, number>;
}

export interface CardRun {
  id: string;
  name?: string;
  seed: number;
  startedAt?: string;
  appVersion?: string;
  /** The full run config snapshot; rendered as a flat setting table (secrets removed first). */
  settings: object;
  funnel: FunnelStageCount[];
  kept: number;
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
  pairCount: number;
  /** Only pairs a person accepted in review are included. */
  onlyAccepted?: boolean;
  dataFiles: CardDataFile[];
  models: CardModel[];
  runs: CardRun[];
  tags?: string[];
  appVersion?: string;
  createdAt?: string;
  /** Hub repository id for the loading example, e.g. `me/my-math-set`. */
  repoId?: string;
}
