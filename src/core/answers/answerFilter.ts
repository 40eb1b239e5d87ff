import { statesFinalAnswer } from './extractAnswer';

/**
 * The paper's response filter, as its code has it: the stripped response contains "boxed",
 * "he answer is" or "final answer is" (plain, case-sensitive substrings).
 */
export function paperStatesAnswer(response: string): boolean {
  const text = response.trim();
  return (
    text.includes('boxed') || text.includes('he answer is') || text.includes('final answer is')
  );
}

/**
 * Whether a solution states an answer under the run's filter: 'paper-substrings' is the paper's
 * rule above; 'stated-answer' needs an explicit final answer (a box, "final answer … is",
 * "answer: …", `####`) in a solution that was not cut off by max_tokens.
 */
export function passesAnswerFilter(
  response: string,
  finishReason: string,
  filter: 'stated-answer' | 'paper-substrings',
): boolean {
  if (filter === 'paper-substrings') return paperStatesAnswer(response);
  return finishReason !== 'length' && statesFinalAnswer(response);
}
