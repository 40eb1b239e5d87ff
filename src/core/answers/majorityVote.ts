import { answersEquivalent } from './answerEquivalence';

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
}

/** Groups answers by value and picks the largest group; ties go to the group seen first. */
export function majorityVote(
  answers: readonly (string | null)[],
  equivalent: (a: string, b: string) => boolean = answersEquivalent,
): MajorityResult {
  const groups: AnswerGroup[] = [];
  answers.forEach((answer, index) => {
    if (answer === null) return;
    const group = groups.find((g) => equivalent(g.answer, answer));
    if (group) group.members.push(index);
    else groups.push({ answer, members: [index] });
  });
  let best: AnswerGroup | undefined;
  for (const g of groups) if (!best || g.members.length > best.members.length) best = g;
  return {
    answer: best?.answer ?? null,
    agreement: best && answers.length ? best.members.length / answers.length : 0,
    groups,
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
}

export function agreementStats(
  answers: readonly (string | null)[],
  equivalent: (a: string, b: string) => boolean = answersEquivalent,
): AgreementStats {
  const vote = majorityVote(answers, equivalent);
  return {
    majority: vote.answer,
    agreement: vote.agreement,
    failRate: 1 - vote.agreement,
    distinctAnswers: vote.groups.length,
    answered: answers.filter((a) => a !== null).length,
  };
}
