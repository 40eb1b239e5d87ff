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
