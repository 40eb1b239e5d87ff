// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import ExplainQuestion from '../../src/ui/explain/ExplainQuestion.svelte';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import { preQueryProfiles } from '../../src/core/prompts/preQueryProfiles';
import type { QuestionRecord, SolutionRecord } from '../../src/core/pipeline/records';
import { profileFromChatConfig } from '../../src/core/prompts/profileFromChatConfig';
import { mixedSeed } from '../../src/core/pipeline/seeds';
import { LLAMA31_MLC_TEMPLATE } from '../fixtures/mlcConvTemplates';
import { METHOD_STEPS } from '../../src/ui/method/methodSteps';
import { stageMark } from '../support/stageMark';
import { makeQuestion } from '../support/storedRecords';

const hostile = '<img src=x onerror="window.__pwned=1">What is 2+2?';
const prompt = preQueryProfiles.qwen2.prefix;

const question: QuestionRecord = makeQuestion('r', 0, {
  text: hostile,
  verdicts: [
    { stage: 'generate', pass: true },
    { stage: 'language', pass: true },
    { stage: 'dedup', pass: true },
    { stage: 'judge', pass: true, reason: 'judge concluded Yes' },
    { stage: 'solve', pass: true },
    { stage: 'majority', pass: true },
    { stage: 'difficulty', pass: true, reason: 'fail rate 33%' },
    { stage: 'select', pass: true },
  ],
  generation: {
    prompt,
    rawText: `${hostile}<|im_end|>`,
    finishReason: 'stop',
    seed: 7,
    promptTokens: 20,
    completionTokens: 12,
    model: 'scripted-math',
  },
  majorityAnswer: '4',
  agreement: 2 / 3,
  chosenSolutionId: 'r:0:1',
  createdAt: 0,
  solvePrompt: 'What is 2+2? Please reason step by step.',
  judge: {
    mode: 'reasoning',
    prompt: 'Judge this',
    output: 'It is solvable. Yes',
    verdict: 'yes',
    rule: 'final-verdict',
  },
  difficulty: { failRate: 1 / 3, agreement: 2 / 3, distinctAnswers: 2, answered: 3 },
});

const solution = (
  index: number,
  answer: string,
  over: Partial<SolutionRecord> = {},
): SolutionRecord => ({
  id: `r:0:${index}`,
  questionId: 'r:0',
  runId: 'r',
  index,
  text: `Step ${index}\n\\boxed{${answer}}`,
  finishReason: 'stop',
  answer,
  inMajority: answer === '4',
  chosen: false,
  completionTokens: 9,
  candidate: true,
  ...over,
});
const solutions = [
  solution(0, '4', { rank: 1, judgeScore: 7 }),
  solution(1, '4', { rank: 0, judgeScore: 9, chosen: true }),
  solution(2, '5', { rank: 2, judgeScore: 3 }),
];

describe('Explain', () => {
  it('shows the exact prompt with special tokens set apart and newlines visible', () => {
    const { container } = render(ExplainQuestion, {
      props: { question, solutions, config: defaultRunConfig() },
    });
    const specials = [...container.querySelectorAll('.special')].map((s) => s.textContent);
    expect(specials.slice(0, 4)).toEqual([
      '<|im_start|>',
      '<|im_end|>',
      '<|im_start|>',
      '<|im_end|>',
    ]);
    const pre = container.querySelector('pre')!;
    // The text itself is intact (the ↵ marks are hidden from assistive tech).
    expect(pre.textContent.replace(/↵/g, '')).toBe(prompt);
    expect(pre.querySelectorAll('.ws').length).toBe(3);
  });

  it('walks through verdicts, the vote, the scores and the chosen answer', () => {
    render(ExplainQuestion, { props: { question, solutions, config: defaultRunConfig() } });
    expect(screen.getByRole('heading', { name: 'Question 1: kept' })).toBeTruthy();
    expect(screen.getByText(/Finish: stop · seed sent 7 · 12 tokens/)).toBeTruthy();
    expect(screen.getByText(/read “yes” by rule final-verdict/)).toBeTruthy();
    const votes = screen.getByRole('table', { name: 'Vote by answer' });
    const rows = within(votes)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual(['4 (majority)2', '51']);
    expect(screen.getByText(/Agreement 67% · fail rate 33% · 2 distinct answers/)).toBeTruthy();
    const ranking = within(screen.getByRole('table', { name: 'Selection ranking' }))
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(ranking).toEqual(['1Solution 2 (chosen)9', '2Solution 17', '3Solution 33']);
    expect(screen.getByText(/Kept with answer/).textContent).toContain('4');
    // One section per step of the method map, in its order; every step says how it relates to
    // the paper.
    const steps = document.querySelectorAll('.steps > li');
    expect([...steps].map((s) => s.getAttribute('data-walk-step'))).toEqual(
      METHOD_STEPS.map((s) => s.step),
    );
    for (const step of steps) expect(step.querySelector('.why')!.textContent).toMatch(/paper/);
  });

  it('renders model output as text, never as HTML', () => {
    const { container } = render(ExplainQuestion, {
      props: { question, solutions, config: defaultRunConfig() },
    });
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('follows a live question with the prompt of the run’s template', () => {
    const { container } = render(ExplainQuestion, {
      props: {
        live: {
          index: 4,
          text: 'How many',
          stages: { generate: { status: 'passed' }, language: { status: 'running' } },
          generating: false,
          alsoInFlight: [],
        },
        config: { ...defaultRunConfig(), profile: 'llama3' },
      },
    });
    expect(screen.getByRole('heading', { name: 'Question 5: in progress' })).toBeTruthy();
    expect(container.querySelector('.special')!.textContent).toBe('<|begin_of_text|>');
    expect(stageMark(container, 'language').getAttribute('data-verdict')).toBe('running');
    expect(stageMark(container, 'language').textContent).toContain('running…');
    expect(stageMark(container, 'dedup').getAttribute('data-verdict')).toBe('waiting');
  });

  it("shows a custom model's own template and the mixed seed it actually sent", () => {
    const own = profileFromChatConfig(
      {
        conv_template: {
          ...LLAMA31_MLC_TEMPLATE,
          system_message: 'You write hard olympiad problems.',
        },
      },
      'llama3',
    );
    const config = {
      ...defaultRunConfig({ seed: 3 }),
      profile: 'llama3' as const,
      preQuery: { ...own, model: 'My-QGen-q4f32_1-MLC' },
    };
    const sent = mixedSeed(3, 0);
    render(ExplainQuestion, {
      props: {
        question: {
          ...question,
          generation: { ...question.generation, prompt: own.prefix, seed: sent, seedMixed: true },
        },
        solutions: [],
        config,
      },
    });
    expect(screen.getByTestId('template-source').textContent).toContain(
      "from My-QGen-q4f32_1-MLC's own mlc-chat-config.json (conv_template llama-3_1), not a family preset",
    );
    expect(screen.getByTestId('stop-token-ids').textContent).toContain('128001, 128008, 128009');
    expect(screen.getAllByText(/You write hard olympiad problems\./).length).toBeGreaterThan(1);
    expect(
      screen.getByText(
        new RegExp(`seed sent ${sent} \\(mixed from run seed 3 and attempt 0 for WebLLM`),
      ),
    ).toBeTruthy();
  });
});

describe('Explain method map', () => {
  it('marks each step with what happened to the question and highlights where it stopped', () => {
    const rejected: QuestionRecord = {
      ...question,
      status: 'rejected',
      rejectedAt: 'language',
      verdicts: [
        { stage: 'generate', pass: true },
        { stage: 'language', pass: false, reason: "detected language 'fr'" },
      ],
    };
    const { container } = render(ExplainQuestion, {
      props: { question: rejected, solutions: [], config: defaultRunConfig() },
    });
    const state = (step: string) =>
      container.querySelector(`[data-step="${step}"]`)?.getAttribute('data-state');
    expect(state('generate')).toBe('passed');
    expect(state('screen')).toBe('passed');
    expect(state('language')).toBe('failed');
    expect(state('judge')).toBe('not-reached');
    expect(container.querySelector('.node.current')?.getAttribute('data-step')).toBe('language');
    expect(
      screen.getByRole('img', { name: 'Where this question went through the method' }),
    ).toBeTruthy();
  });
});
