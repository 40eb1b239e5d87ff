/**
 * Questions worth showing a class, found in a run's stored questions: one rejected at each stage
 * (why each filter exists), the most split vote, the hardest kept question and one kept cleanly.
 * A fold over questions newest first, so a caller can stop reading once it has seen enough.
 */
import { STAGES, type QuestionRecord, type StageName } from '../pipeline/records';
import { STAGE_LABELS } from '../pipeline/stageLabels';

export interface TeachingExample {
  /** `rejected:<stage>`, `split-vote`, `hard` or `kept`: one example of each. */
  kind: string;
  questionId: string;
  index: number;
  /** What it shows, e.g. "Rejected at Language". */
  label: string;
  /** The figure or reason that makes it interesting. */
  detail: string;
  /** The stage where its story is told: a walkthrough opens there. */
  stage: StageName;
}

type ExampleSource = Pick<
  QuestionRecord,
  'id' | 'index' | 'status' | 'rejectedAt' | 'verdicts' | 'agreement' | 'difficulty'
>;

const pct = (x: number) => `${Math.round(x * 100)}%`;

export class TeachingExampleFinder {
  readonly #rejected = new Map<StageName, TeachingExample>();
  #split: { example: TeachingExample; agreement: number } | undefined;
  #hard: { example: TeachingExample; failRate: number } | undefined;
  #kept: TeachingExample | undefined;
  #seen = 0;

  /** Questions looked at so far. */
  get seen(): number {
    return this.#seen;
  }

  add(q: ExampleSource): void {
    this.#seen += 1;
    const base = { questionId: q.id, index: q.index };
    if (q.status === 'rejected' && q.rejectedAt && !this.#rejected.has(q.rejectedAt)) {
      const reason = q.verdicts.find((v) => v.stage === q.rejectedAt)?.reason;
      this.#rejected.set(q.rejectedAt, {
        ...base,
        kind: `rejected:${q.rejectedAt}`,
        label: `Rejected at ${STAGE_LABELS[q.rejectedAt]}`,
        detail: reason ?? 'no reason stored',
        stage: q.rejectedAt,
      });
    }
    const d = q.difficulty;
    // A split vote: the solutions gave two or more answers; the lower the agreement the better.
    if (d && d.distinctAnswers >= 2 && (!this.#split || d.agreement < this.#split.agreement)) {
      this.#split = {
        agreement: d.agreement,
        example: {
          ...base,
          kind: 'split-vote',
          label: 'Split vote',
          detail: `${d.distinctAnswers} different answers, agreement ${pct(d.agreement)}`,
          stage: 'majority',
        },
      };
    }
    if (q.status !== 'kept') return;
    // The hardest kept question: the most solutions missed the majority answer.
    if (d && d.failRate > 0 && (!this.#hard || d.failRate > this.#hard.failRate)) {
      this.#hard = {
        failRate: d.failRate,
        example: {
          ...base,
          kind: 'hard',
          label: 'Hard one (kept)',
          detail: `fail rate ${pct(d.failRate)}${d.rating?.label ? `, rated ${d.rating.label}` : ''}`,
          stage: 'difficulty',
        },
      };
    }
    if (!this.#kept && (!d || d.failRate === 0))
      this.#kept = {
        ...base,
        kind: 'kept',
        label: 'Kept cleanly',
        detail: `every step passed, agreement ${pct(q.agreement)}`,
        stage: 'select',
      };
  }

  /** In the order a class would meet them: each filter's rejection, then the vote and the rest. */
  get examples(): TeachingExample[] {
    const rejected = STAGES.flatMap((s) => {
      const example = this.#rejected.get(s);
      return example ? [example] : [];
    });
    return [
      ...rejected,
      ...(this.#split ? [this.#split.example] : []),
      ...(this.#hard ? [this.#hard.example] : []),
      ...(this.#kept ? [this.#kept] : []),
    ];
  }
}
