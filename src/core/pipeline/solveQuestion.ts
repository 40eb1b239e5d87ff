import type { FinishReason, LlmEngine } from '../ports/llmEngine';
import { extractAnswer, statesFinalAnswer } from '../answers/extractAnswer';
import type { StageTokens } from './records';
import type { RunConfig } from './runConfig';

export interface SolvedSample {
  text: string;
  finishReason: FinishReason;
  /** Null when the solution states no final answer (the paper drops those). */
  answer: string | null;
  completionTokens: number;
}

export interface SolvedQuestion {
  /** The solver's user turn. */
  prompt: string;
  samples: SolvedSample[];
  tokens: StageTokens;
}

/** Samples k solutions for a question and extracts each one's final answer. */
export async function solveQuestion(
  engine: LlmEngine,
  question: string,
  solve: RunConfig['solve'],
  seed: number,
  signal?: AbortSignal,
): Promise<SolvedQuestion> {
  const prompt = `${question}\n${solve.instruction}`;
  const result = await engine.chat(
    {
      messages: [{ role: 'user', content: prompt }],
      n: solve.samples,
      seed,
      temperature: solve.temperature,
      topP: solve.topP,
      maxTokens: solve.maxTokens,
    },
    signal,
  );
  const perChoiceTokens = Math.round(
    result.usage.completionTokens / Math.max(1, result.choices.length),
  );
  const samples = result.choices.map((choice) => ({
    text: choice.text,
    finishReason: choice.finishReason,
    answer:
      choice.finishReason !== 'length' && statesFinalAnswer(choice.text)
        ? extractAnswer(choice.text)
        : null,
    completionTokens: perChoiceTokens,
  }));
  return {
    prompt,
    samples,
    tokens: {
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
    },
  };
}
