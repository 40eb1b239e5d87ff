import type { LlmEngine } from '../ports/llmEngine';
import { stageTokens, type JudgeTrace, type StageTokens } from '../pipeline/records';
import type { JudgeSettings } from '../pipeline/runConfig';
import {
  fastJudgeMessages,
  PAPER_JUDGE_STOPS,
  paperJudgeMessages,
  promptText,
  reasoningJudgeMessages,
} from './solvabilityPrompts';
import { lenientYes, parseFinalVerdict } from './verdictParse';
import { tokenVerdict } from './yesProbability';

export interface JudgeOutcome {
  pass: boolean;
  reason: string;
  trace: JudgeTrace;
  tokens: StageTokens;
}

/** One question put to the judge. */
interface JudgeCall {
  engine: LlmEngine;
  question: string;
  settings: JudgeSettings;
  seed: number;
  signal?: AbortSignal | undefined;
}

/** Asks the model whether a question is a real, solvable math problem (method step 3). */
export async function judgeSolvability(
  engine: LlmEngine,
  question: string,
  settings: JudgeSettings,
  seed: number,
  signal?: AbortSignal,
): Promise<JudgeOutcome> {
  const call = { engine, question, settings, seed, signal };
  return settings.mode === 'fast' ? fastJudge(call) : reasoningJudge(call);
}

async function reasoningJudge(call: JudgeCall): Promise<JudgeOutcome> {
  const { engine, question, settings, seed, signal } = call;
  const paper = settings.prompt === 'paper';
  const messages = paper ? paperJudgeMessages(question) : reasoningJudgeMessages(question);
  const result = await engine.chat(
    {
      messages,
      n: 1,
      seed,
      temperature: settings.temperature,
      topP: 1,
      maxTokens: settings.maxTokens,
      ...(paper ? { stop: PAPER_JUDGE_STOPS } : {}),
    },
    signal,
  );
  const output = result.choices[0]?.text ?? '';
  const tokens = stageTokens(result.usage);
  const base = { mode: 'reasoning' as const, prompt: promptText(messages), output };
  if (settings.lenientYes) {
    const yes = lenientYes(output);
    return {
      pass: yes,
      reason: yes
        ? '"yes" appears in the lower-cased output (the paper’s lenient rule)'
        : 'no "yes" anywhere in the output',
      trace: { ...base, verdict: yes ? 'yes' : 'no', rule: 'lenient-yes' },
      tokens,
    };
  }
  const verdict = parseFinalVerdict(output);
  const cutOff = result.choices[0]?.finishReason === 'length';
  return {
    pass: verdict === 'yes',
    reason:
      verdict === 'yes'
        ? 'judge concluded Yes'
        : verdict === 'no'
          ? 'judge concluded No: not a solvable math problem'
          : cutOff
            ? 'judge ran out of tokens before a final Yes/No'
            : 'judge output ends without a final Yes/No verdict',
    trace: { ...base, verdict, rule: 'final-verdict' },
    tokens,
  };
}

async function fastJudge(call: JudgeCall): Promise<JudgeOutcome> {
  const { engine, question, settings, seed, signal } = call;
  const messages = fastJudgeMessages(question);
  const result = await engine.chat(
    { messages, n: 1, seed, temperature: 0, topP: 1, maxTokens: 1, topLogprobs: 5 },
    signal,
  );
  const choice = result.choices[0] ?? { text: '', finishReason: 'other' as const };
  const read = tokenVerdict(choice, settings.minYesProbability);
  const p = read.probability === null ? '' : ` (P(yes) ${read.probability.toFixed(2)})`;
  return {
    pass: read.verdict === 'yes',
    reason:
      read.verdict === null
        ? `judge answered ${JSON.stringify(choice.text)}, not Yes or No`
        : `judge answered ${read.verdict === 'yes' ? 'Yes' : 'No'}${p}`,
    trace: {
      mode: 'fast',
      prompt: promptText(messages),
      output: choice.text,
      verdict: read.verdict,
      ...(read.probability === null ? {} : { probability: read.probability }),
      rule: read.rule,
    },
    tokens: stageTokens(result.usage),
  };
}
