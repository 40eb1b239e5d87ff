import { compareAnswers, type Verdict } from './answerEquivalence';
import type { ComparisonBudget } from './symbolicSession';

export interface AnswerGroup {
  /** The first spelling seen of this answer. */
  answer: string;
  /** Indices (into the input) of the answers in this group. */
  members: number[];
}

export interface MajorityResult {
  /** The most common answer, or null when no solution gave one. */
  answer: string | null;
  /** Size of the majority group ÷ number of solutions (answered or not). */
  agreement: number;
  groups: AnswerGroup[];
  /**
   * Comparisons the grader left undecided (a symbolic limit was reached); each counted as
   * "different", so such answers may sit in separate groups.
   */
  undecided: number;
}

export interface VoteOptions {
  /** Decimal places for answers written as rounded decimals (the run's grading precision). */
  precision?: number;
  budget?: ComparisonBudget;
  /** Replaces the grader (tests, other answer kinds). */
  compare?: (a: string, b: string) => Verdict;
}

/**
 * Groups answers by value and picks the largest group; ties go to the group seen first. Answers
 * are compared as peers (symmetric), so "x = 5", "5" and "5.0" share a group.
 */
export function majorityVote(
  answers: readonly (string | null)[],
  options: VoteOptions = {},
): MajorityResult {
  const compare =
    options.compare ??
    ((a: string, b: string) =>
      compareAnswers(a, b, {
        symmetric: true,
        ...(options.precision === undefined ? {} : { precision: options.precision }),
        ...(options.budget ? { budget: options.budget } : {}),
      }));
  const groups: AnswerGroup[] = [];
  let undecided = 0;
  answers.forEach((answer, index) => {
    if (answer === null) return;
    const group = groups.find((g) => {
      const verdict = compare(g.answer, answer);
      if (verdict === 'undecided') undecided++;
      return verdict === 'equal';
    });
    if (group) group.members.push(index);
    else groups.push({ answer, members: [index] });
  });
  let best: AnswerGroup | undefined;
  for (const g of groups) if (!best || g.members.length > best.members.length) best = g;
  return {
    answer: best?.answer ?? null,
    agreement: best && answers.length ? best.members.length / answers.length : 0,
    groups,
    undecided,
  };
}

/** Difficulty signals from k sampled solutions of one question (method step 4). */
export interface AgreementStats {
  /** The majority answer, or null when no solution gave one. */
  majority: string | null;
  /** Majority size ÷ number of solutions (unanswered ones count against it). */
  agreement: number;
  /** 1 − agreement: the share of solutions that miss the majority answer. */
  failRate: number;
  /** Number of different answers by value. */
  distinctAnswers: number;
  /** Solutions that stated an answer. */
  answered: number;
  /** Answer comparisons left undecided (counted as different). */
  undecided: number;
}

/** The signals of one vote (see `majorityVote`), so callers vote once and read both. */
export function statsOfVote(
  vote: MajorityResult,
  answers: readonly (string | null)[],
): AgreementStats {
  return {
    majority: vote.answer,
    agreement: vote.agreement,
    failRate: 1 - vote.agreement,
    distinctAnswers: vote.groups.length,
    answered: answers.filter((a) => a !== null).length,
    undecided: vote.undecided,
  };
}

export function agreementStats(
  answers: readonly (string | null)[],
  options: VoteOptions = {},
): AgreementStats {
  return statsOfVote(majorityVote(answers, options), answers);
}
