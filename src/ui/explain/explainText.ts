/** What each step of the method does and what the ScaleQuest paper did there. */
import type { SolutionRecord } from '../../core/pipeline/records';

export const STEP_TEXT = {
  prompt:
    'Question generation from scratch: the model receives only the chat-template text that opens a user turn, as a raw completion (never a chat call), and writes the user’s question itself (the paper’s question generation from scratch, after Magpie’s pre-query template).',
  continuation:
    'What the model wrote, token for token. It should end at its end-of-turn token (a stop sequence, so “finish: stop”); the studio rejects a question cut off by max tokens (the paper’s code keeps it). The paper samples at temperature 1.0, top_p 0.99; the seed (run seed + attempt on a server, a scrambled mix of the two on WebLLM, whose generator needs well-spread seeds) makes it reproducible.',
  screen:
    'The cheapest check comes first: a continuation cut off by max tokens, empty, still carrying template tokens (the model ran past the end of its turn) or outside the length bounds is not a usable question. The paper’s code has no such screen and keeps cut-off questions.',
  language:
    'The paper keeps only non-empty, pure-ASCII text and so drops 20.1% of raw questions — with them valid English math written with π, ° or √. The studio offers that rule and a language detector that lets math symbols through.',
  dedup:
    'Not in the paper: a question the model writes twice, or the same template with other numbers, would count twice in training. The studio compares a hash of the normalised text and, optionally, n-gram overlap with the questions before it.',
  contamination:
    'Benchmark test questions must not end up in training data. The paper measured 13-gram overlap with test sets afterwards; the studio checks each question against its reference sets as it runs.',
  judge:
    'A strict math teacher decides whether the text is a real math problem solvable from its own conditions (the paper uses Qwen2-Math-7B-Instruct, greedy, and drops 19.4%). The studio reads the final verdict; the paper’s code keeps a question when “yes” occurs anywhere in the output.',
  solve:
    'The question is solved k times (the paper: 5 samples at temperature 0.7, top_p 0.95). Each answer is extracted as Math-Verify ranks them — the last \\boxed{…} or “final answer … is”, else “answer: …”, else the last math or number — and compared by value.',
  vote: 'Answers are grouped by value; the largest group is the majority. Agreement = majority size ÷ solutions sampled — the studio’s free stand-in for the paper’s difficulty scorer.',
  difficulty:
    'The paper drops overly simple questions with a difficulty regressor it never released (9.2%). The studio reads difficulty from disagreement among the k solutions and, optionally, a five-level rating.',
  select:
    'One response is kept per question: the paper keeps the highest reward-model score of its 5; the studio ranks majority-answer solutions first, then an optional judge score, then shorter text.',
} as const;

export interface VoteRow {
  answer: string;
  count: number;
  majority: boolean;
}

/** Votes per extracted answer, as stored (answers are already normalised by value in the pipeline). */
export function tallyVotes(solutions: SolutionRecord[]): VoteRow[] {
  const rows = new Map<string, VoteRow>();
  for (const s of solutions) {
    const answer = s.answer ?? '(no answer)';
    const row = rows.get(answer) ?? { answer, count: 0, majority: false };
    row.count += 1;
    row.majority ||= s.inMajority;
    rows.set(answer, row);
  }
  return [...rows.values()].sort((a, b) => b.count - a.count);
}
