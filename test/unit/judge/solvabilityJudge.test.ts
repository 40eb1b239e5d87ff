import { describe, expect, it } from 'vitest';
import { lenientYes, parseFinalVerdict } from '../../../src/core/judge/verdictParse';
import { judgeSolvability } from '../../../src/core/judge/solvabilityJudge';
import { paperJudgeMessages } from '../../../src/core/judge/solvabilityPrompts';
import { tokenVerdict } from '../../../src/core/judge/yesProbability';
import { parseDifficultyRating } from '../../../src/core/judge/difficultyRating';
import { parseGrade } from '../../../src/core/judge/solutionScorer';
import { defaultRunConfig } from '../../../src/core/pipeline/runConfig';
import type { ChatRequest, GenerationChoice, LlmEngine } from '../../../src/core/ports/llmEngine';

function oneAnswer(choice: GenerationChoice) {
  const calls: ChatRequest[] = [];
  const engine: LlmEngine = {
    info: { kind: 'remote', label: 't', model: 't' },
    complete: () => Promise.reject(new Error('not used')),
    chat: (request) => {
      calls.push(request);
      return Promise.resolve({
        model: 't',
        choices: [choice],
        usage: { promptTokens: 40, completionTokens: 3, latencyS: 0 },
      });
    },
  };
  return { engine, calls };
}

describe('parseFinalVerdict', () => {
  it.each([
    ['Let me check. 3 + 4 = 7, all given.\nAnswer: Yes', 'yes'],
    ['The width is never stated.\n\n**Answer: No**', 'no'],
    ['Reasoning...\n### Final Answer\n**No**', 'no'],
    ['It can be solved.\n\\boxed{Yes}', 'yes'],
    ['Answer: Yes\nThe conditions are complete.', 'yes'],
    ['Is it solvable? Yes, at first glance. But the radius is missing.\nAnswer: No', 'no'],
    ['So, yes.', 'yes'],
    ['Final verdict - no', 'no'],
  ])('reads the final verdict of %j', (output, expected) => {
    expect(parseFinalVerdict(output)).toBe(expected);
  });

  it.each([
    'Yes, this looks like a math problem. Let me solve it: 2x = 6 so x = 3. The answer is 3.',
    'The problem asks for the area',
    '',
  ])('finds no verdict in %j (a "yes" in passing is not one)', (output) => {
    expect(parseFinalVerdict(output)).toBeNull();
  });

  it('differs from the paper’s lenient rule, which takes "yes" anywhere', () => {
    const output = 'Yes, it is about triangles, but a side is missing.\nAnswer: No';
    expect(lenientYes(output)).toBe(true);
    expect(parseFinalVerdict(output)).toBe('no');
    expect(lenientYes('Answer: No')).toBe(false);
  });
});

describe('judgeSolvability', () => {
  const settings = defaultRunConfig().judge;

  it('reasoning mode: greedy, up to the configured tokens, final verdict, output kept', async () => {
    const { engine, calls } = oneAnswer({
      text: 'Yes, it is about speed... the time is not given.\nAnswer: No',
      finishReason: 'stop',
    });
    const out = await judgeSolvability(engine, 'A car drives. How fast?', settings, 3);
    expect(calls[0]).toMatchObject({ temperature: 0, maxTokens: 2048, n: 1, seed: 3 });
    expect(calls[0]!.messages.at(-1)!.content).toMatch(/A car drives\. How fast\?$/);
    expect(calls[0]!.messages[0]!.content).toMatch(/strict mathematics teacher/);
    expect(out.pass).toBe(false);
    expect(out.trace).toMatchObject({ mode: 'reasoning', verdict: 'no', rule: 'final-verdict' });
    expect(out.trace.output).toMatch(/Answer: No$/);
    expect(out.trace.prompt).toMatch(/\[system\]/);
    expect(out.tokens).toEqual({ promptTokens: 40, completionTokens: 3 });
  });

  it('reasoning mode with the lenient compatibility rule keeps the same output', async () => {
    const { engine } = oneAnswer({
      text: 'Yes, it is about speed... the time is not given.\nAnswer: No',
      finishReason: 'stop',
    });
    const out = await judgeSolvability(engine, 'q', { ...settings, lenientYes: true }, 0);
    expect(out.pass).toBe(true);
    expect(out.trace.rule).toBe('lenient-yes');
  });

  it('rejects output without a verdict, saying whether it ran out of tokens', async () => {
    const cut = oneAnswer({ text: 'Let me solve: first', finishReason: 'length' });
    const out = await judgeSolvability(cut.engine, 'q', settings, 0);
    expect(out.pass).toBe(false);
    expect(out.reason).toMatch(/ran out of tokens/);
    expect(out.trace.verdict).toBeNull();
  });

  it('fast mode: one token at temperature 0, P(yes) from the top log-probs', async () => {
    const { engine, calls } = oneAnswer({
      text: 'Yes',
      finishReason: 'length',
      logprobs: [
        {
          token: 'Yes',
          logprob: Math.log(0.6),
          top: [
            { token: 'Yes', logprob: Math.log(0.6) },
            { token: ' yes', logprob: Math.log(0.1) },
            { token: 'No', logprob: Math.log(0.2) },
            { token: 'The', logprob: Math.log(0.1) },
          ],
        },
      ],
    });
    const out = await judgeSolvability(engine, 'q', { ...settings, mode: 'fast' }, 0);
    expect(calls[0]).toMatchObject({ maxTokens: 1, temperature: 0, topLogprobs: 5 });
    expect(out.trace.probability).toBeCloseTo(0.7 / 0.9);
    expect(out.trace.rule).toBe('token-logprobs');
    expect(out.pass).toBe(true);
    const strict = await judgeSolvability(
      engine,
      'q',
      { ...settings, mode: 'fast', minYesProbability: 0.8 },
      0,
    );
    expect(strict.pass).toBe(false);
    expect(strict.reason).toMatch(/P\(yes\) 0\.78/);
  });

  it('fast mode without log-probs reads the token: 1 for Yes, 0 for No, reject otherwise', () => {
    expect(tokenVerdict({ text: ' No', finishReason: 'length' }, 0.5)).toEqual({
      verdict: 'no',
      probability: 0,
      rule: 'token-text',
    });
    expect(tokenVerdict({ text: 'YES', finishReason: 'length' }, 0.5).probability).toBe(1);
    expect(tokenVerdict({ text: 'Maybe', finishReason: 'length' }, 0.5).verdict).toBeNull();
  });
});

describe('short ratings and grades', () => {
  it.each([
    ['Very easy', 1],
    ['**Medium**', 3],
    ['The scale is very easy, easy, medium, hard, very hard. This one is hard.', 4],
    ['Difficulty: 2/5', 2],
    ['very hard', 5],
    ['Easy.', 2],
    ['no idea', null],
  ])('rating %j → %s', (text, level) => {
    expect(parseDifficultyRating(text)).toBe(level);
  });

  it.each([
    ['Score: 8', 8],
    ['**Score: 10**', 10],
    ['7/10', 7],
    ['9', 9],
    ['I would give it a score of', null],
  ])('grade %j → %s', (text, grade) => {
    expect(parseGrade(text)).toBe(grade);
  });
});

describe('the paper’s solvability check', () => {
  const settings = { ...defaultRunConfig().judge, prompt: 'paper' as const, lenientYes: true };

  it('sends its system message and its instruction verbatim, greedy, with its stop strings', async () => {
    const { engine, calls } = oneAnswer({ text: 'It is solvable.\nYes', finishReason: 'stop' });
    const out = await judgeSolvability(engine, 'What is 2+2?', settings, 0);
    const [system, user] = calls[0]!.messages;
    expect(system).toEqual({ role: 'system', content: 'You are a helpful assistant.' });
    expect(user!.content).toBe(
      'Please act as a professional math teacher.\n' +
        'Your goal is to determine if the given problem is a valuable math problem. You need to consider two aspects:\n' +
        '1.\tThe given problem is a math problem.\n' +
        '2.\tThe given math problem can be solved based on the conditions provided in the problem (You can first try to solve it and then judge its solvability).\n' +
        '\n' +
        "Please reason step by step and conclude with either 'Yes' or 'No'.\n" +
        '\n' +
        'Given Problem: What is 2+2?',
    );
    expect(calls[0]).toMatchObject({ temperature: 0, topP: 1, maxTokens: 2048 });
    expect(calls[0]!.stop).toEqual(['<|im_start|>', '<|im_end|>', '<|endoftext|>']);
    expect(out.pass).toBe(true);
  });

  it('keeps a question when "yes" is anywhere in the lower-cased output, as a plain substring', () => {
    expect(lenientYes('The EYES of the triangle… Answer: No')).toBe(true);
    expect(lenientYes('Yesterday I thought so. No.')).toBe(true);
    expect(lenientYes('Answer: No')).toBe(false);
  });

  it('puts a question with $ signs in as written', () => {
    expect(paperJudgeMessages('Pay $5 and $$x$$?')[1]!.content).toMatch(
      /Given Problem: Pay \$5 and \$\$x\$\$\?$/,
    );
  });
});
