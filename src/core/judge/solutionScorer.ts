import type { LlmEngine } from '../ports/llmEngine';
import type { SolutionScore, SolutionScorer } from '../ports/solutionScorer';
import { stageTokens } from '../pipeline/records';

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
      tokens: stageTokens(result.usage),
    };
  }
}
