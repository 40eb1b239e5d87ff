import type { LlmEngine } from '../../engine/llmEngine';
import type { StageTokens } from '../pipeline/records';

export interface SolutionScore {
  /** Higher is better; null when the scorer's output could not be read. */
  score: number | null;
  output: string;
  tokens: StageTokens;
}

/**
 * Scores one (question, solution) pair for selection (method step 7). The paper used a reward
 * model; here the local model grades, and a remote reward model can implement the same port.
 */
export interface SolutionScorer {
  score(question: string, solution: string, signal?: AbortSignal): Promise<SolutionScore>;
}

/** A grade 1–10 from a short reply: "Score: 8", "8/10", "**7**". */
export function parseGrade(output: string): number | null {
  const text = output.replace(/[*_`#]/g, ' ');
  const labelled = [
    ...text.matchAll(/\b(?:score|grade|rating)\s*(?:is|:|=)?\s*(10|[1-9])(?![\d.])/gi),
  ].at(-1);
  const outOfTen = /(?<![\d.])(10|[1-9])\s*(?:\/|out of)\s*10\b/i.exec(text);
  const bare = /^\W*(10|[1-9])\W*$/.exec(text.trim());
  const hit = labelled?.[1] ?? outOfTen?.[1] ?? bare?.[1];
  return hit === undefined ? null : Number(hit);
}

/** The local model as a grader: greedy, a few tokens, "Score: n". */
export class LocalJudgeScorer implements SolutionScorer {
  constructor(
    private readonly engine: LlmEngine,
    private readonly maxTokens: number,
    private readonly seed = 0,
  ) {}

  async score(question: string, solution: string, signal?: AbortSignal): Promise<SolutionScore> {
    const result = await this.engine.chat(
      {
        messages: [
          {
            role: 'system',
            content:
              'You grade worked solutions to math problems for correctness, completeness and clarity.',
          },
          {
            role: 'user',
            content: `Problem:\n${question}\n\nSolution:\n${solution}\n\nGrade the solution from 1 (wrong or useless) to 10 (correct, complete and clear). Reply only with "Score: n".`,
          },
        ],
        n: 1,
        seed: this.seed,
        temperature: 0,
        topP: 1,
        maxTokens: this.maxTokens,
      },
      signal,
    );
    const output = result.choices[0]?.text ?? '';
    return {
      score: parseGrade(output),
      output,
      tokens: {
        promptTokens: result.usage.promptTokens,
        completionTokens: result.usage.completionTokens,
      },
    };
  }
}
