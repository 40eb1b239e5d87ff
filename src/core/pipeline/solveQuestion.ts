import type { FinishReason, LlmEngine } from '../ports/llmEngine';
import { passesAnswerFilter } from '../answers/answerFilter';
import { extractAnswer } from '../answers/extractAnswer';
import { stageTokens, type StageTokens } from './records';
import type { RunConfig } from './runConfig';

export interface SolvedSample {
  text: string;
  finishReason: FinishReason;
  /** Whether it passes the run's answer filter (the paper drops those that do not). */
  statesAnswer: boolean;
  /** The answer it states, for the vote; null when it passes no filter or none can be read. */
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
  const system = solve.systemPrompt.trim();
  const result = await engine.chat(
    {
      messages: [
        ...(system ? [{ role: 'system' as const, content: system }] : []),
        { role: 'user', content: prompt },
      ],
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
  const samples = result.choices.map((choice) => {
    // Stripped, as the paper stores its responses
    const text = choice.text.trim();
    const states = passesAnswerFilter(text, choice.finishReason, solve.answerFilter);
    return {
      text,
      finishReason: choice.finishReason,
      statesAnswer: states,
      answer: states ? extractAnswer(text) : null,
      completionTokens: perChoiceTokens,
    };
  });
  return {
    prompt,
    samples,
    tokens: stageTokens(result.usage),
  };
}
