import type { GenerationChoice } from '../ports/llmEngine';
import type { YesNo } from './verdictParse';

function yesNoOf(token: string): YesNo | null {
  const word = token
    .trim()
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return word === 'yes' ? 'yes' : word === 'no' ? 'no' : null;
}

export interface TokenVerdict {
  verdict: YesNo | null;
  /** P(yes) among the yes/no alternatives, or 1/0 from the token when no log-probs came back. */
  probability: number | null;
  rule: 'token-logprobs' | 'token-text';
}

/**
 * Reads a one-token Yes/No answer. With top log-probs, P(yes) = p(yes-like tokens) ÷ p(yes- or
 * no-like tokens), so "Yes", " yes" and "YES" pool together; without them, the token decides.
 */
export function tokenVerdict(choice: GenerationChoice, threshold: number): TokenVerdict {
  const first = choice.logprobs?.[0];
  if (first) {
    let yes = 0;
    let no = 0;
    const seen = new Set<string>();
    for (const alt of [first, ...first.top]) {
      if (seen.has(alt.token)) continue;
      seen.add(alt.token);
      const kind = yesNoOf(alt.token);
      if (kind === 'yes') yes += Math.exp(alt.logprob);
      if (kind === 'no') no += Math.exp(alt.logprob);
    }
    if (yes + no > 0) {
      const probability = yes / (yes + no);
      return {
        verdict: probability >= threshold ? 'yes' : 'no',
        probability,
        rule: 'token-logprobs',
      };
    }
  }
  const verdict = yesNoOf(choice.text);
  return {
    verdict,
    probability: verdict === null ? null : verdict === 'yes' ? 1 : 0,
    rule: 'token-text',
  };
}
