// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import ExplainWalkthrough from '../../src/ui/explain/ExplainWalkthrough.svelte';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import { preQueryProfiles } from '../../src/core/prompts/preQueryProfiles';
import type { QuestionRecord, StageName } from '../../src/core/pipeline/records';
import type { InFlightQuestion } from '../../src/state/liveStage';
import type { StageStatus } from '../../src/core/pipeline/pipelineEvents';
import { METHOD_STEPS } from '../../src/ui/method/methodSteps';

const rejected: QuestionRecord = {
  id: 'r:2',
  runId: 'r',
  index: 2,
  text: 'Combien font trois fois sept ?',
  dedupKey: 'k',
  status: 'rejected',
  rejectedAt: 'language',
  verdicts: [
    { stage: 'generate', pass: true },
    { stage: 'language', pass: false, reason: "detected language 'fr'" },
  ],
  generation: {
    prompt: preQueryProfiles.qwen2.prefix,
    rawText: 'Combien font trois fois sept ?<|im_end|>',
    finishReason: 'stop',
    seed: 3,
    promptTokens: 20,
    completionTokens: 9,
    model: 'scripted-math',
  },
  majorityAnswer: null,
  agreement: 0,
  chosenSolutionId: null,
  createdAt: 0,
};

function liveAt(index: number, stages: Partial<Record<StageName, StageStatus>>): InFlightQuestion {
  return {
    index,
    text: `Question ${index} so far`,
    stages: Object.fromEntries(Object.entries(stages).map(([k, status]) => [k, { status }])),
    generating: true,
    alsoInFlight: [],
  };
}

const position = () => screen.getByTestId('step-position').textContent.trim();
const shownSteps = () =>
  [...document.querySelectorAll('.steps > li')].map((li) => li.getAttribute('data-walk-step'));
const current = () =>
  document.querySelector('[data-step][aria-current="step"]')?.getAttribute('data-step');

afterEach(() => {
  vi.restoreAllMocks();
  if (document.fullscreenElement !== undefined)
    Object.defineProperty(document, 'fullscreenElement', { value: null, configurable: true });
});

describe('Explain walkthrough', () => {
  it('steps one stage at a time with buttons, arrow keys and the map, each with its paper note', async () => {
    render(ExplainWalkthrough, { props: { question: rejected, config: defaultRunConfig() } });
    expect(position()).toBe('Step 1 of 10: Generate');
    expect(shownSteps()).toEqual(['generate']);
    expect(current()).toBe('generate');
    expect(screen.getByRole('button', { name: '← Previous' })).toHaveProperty('disabled', true);

    await fireEvent.click(screen.getByRole('button', { name: 'Next →' }));
    expect(position()).toBe('Step 2 of 10: Screen');
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(position()).toBe('Step 3 of 10: Language');
    expect(current()).toBe('language');
    // The map shows where the question stopped, and the step says why.
    expect(document.querySelector('[data-step="language"]')!.getAttribute('data-state')).toBe(
      'failed',
    );
    expect(document.querySelector('[data-walk-step="language"]')!.textContent).toContain(
      "detected language 'fr'",
    );
    await fireEvent.keyDown(window, { key: 'PageUp' });
    expect(position()).toBe('Step 2 of 10: Screen');
    await fireEvent.keyDown(window, { key: 'ArrowLeft', ctrlKey: true });
    expect(position()).toBe('Step 2 of 10: Screen');

    // The map's boxes jump to their step.
    await fireEvent.click(document.querySelector('[data-step="judge"]')!);
    expect(position()).toBe('Step 6 of 10: Judge');
    expect(document.querySelector('[data-walk-step="judge"]')!.textContent).toContain(
      'not reached',
    );

    // Every step keeps its paper reference, to the last, where Next stops.
    await fireEvent.click(document.querySelector('[data-step="generate"]')!);
    for (const { step } of METHOD_STEPS) {
      expect(shownSteps()).toEqual([step]);
      expect(document.querySelector('.steps > li .why')!.textContent).toMatch(/paper/);
      await fireEvent.keyDown(window, { key: 'ArrowRight' });
    }
    expect(position()).toBe('Step 10 of 10: Select');
    expect(screen.getByRole('button', { name: 'Next →' })).toHaveProperty('disabled', true);
  });

  it('leaves the arrow keys to a field that has focus, and shows all steps on one page', async () => {
    const { container } = render(ExplainWalkthrough, {
      props: { question: rejected, config: defaultRunConfig() },
    });
    const field = document.createElement('input');
    container.append(field);
    field.focus();
    await fireEvent.keyDown(field, { key: 'ArrowRight' });
    expect(position()).toBe('Step 1 of 10: Generate');

    await fireEvent.click(screen.getByLabelText('All steps on one page'));
    expect(shownSteps()).toEqual(METHOD_STEPS.map((s) => s.step));
    expect(screen.queryByTestId('step-position')).toBeNull();
  });

  it('follows a live question step by step, until the presenter steps away, never showing a stale state', async () => {
    const config = defaultRunConfig();
    const view = render(ExplainWalkthrough, {
      props: { live: liveAt(4, { generate: 'passed', language: 'running' }), config },
    });
    expect(position()).toBe('Step 3 of 10: Language');
    expect(screen.getByRole('heading', { name: 'Question 5: in progress' })).toBeTruthy();

    await view.rerender({ live: liveAt(4, { generate: 'passed', language: 'passed' }), config });
    expect(position()).toBe('Step 4 of 10: Duplicates');
    // The next question in flight starts at the beginning: nothing of question 5 stays.
    await view.rerender({ live: liveAt(5, {}), config });
    expect(position()).toBe('Step 1 of 10: Generate');
    expect(screen.getByRole('heading', { name: 'Question 6: in progress' })).toBeTruthy();
    expect(document.querySelector('[data-walk-step="generate"]')!.textContent).toContain(
      'Question 5 so far',
    );

    // Stepping away stops following; the button brings it back.
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(position()).toBe('Step 2 of 10: Screen');
    await view.rerender({ live: liveAt(5, { generate: 'passed', language: 'running' }), config });
    expect(position()).toBe('Step 2 of 10: Screen');
    await fireEvent.click(screen.getByRole('button', { name: 'Follow the running step' }));
    expect(position()).toBe('Step 3 of 10: Language');

    // The run ends: the stored question replaces the live one, with nothing "in progress" left.
    await view.rerender({ live: null, question: rejected, config });
    expect(screen.getByRole('heading', { name: 'Question 3: rejected at Language' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/in progress|running…|Following the question/);
    expect(position()).toBe('Step 3 of 10: Language');
  });

  it('presents full screen without the page around it, and Esc ends it', async () => {
    const requestFullscreen = vi.fn(function (this: HTMLElement) {
      Object.defineProperty(document, 'fullscreenElement', { value: this, configurable: true });
      return Promise.resolve();
    });
    Object.defineProperty(HTMLElement.prototype, 'requestFullscreen', {
      value: requestFullscreen,
      configurable: true,
    });
    const exitFullscreen = vi.fn(() => {
      Object.defineProperty(document, 'fullscreenElement', { value: null, configurable: true });
      document.dispatchEvent(new Event('fullscreenchange'));
      return Promise.resolve();
    });
    Object.defineProperty(document, 'exitFullscreen', {
      value: exitFullscreen,
      configurable: true,
    });
    render(ExplainWalkthrough, { props: { question: rejected, config: defaultRunConfig() } });
    await fireEvent.click(screen.getByRole('button', { name: 'Present' }));
    const frame = screen.getByRole('dialog', { name: 'Explain, presentation' });
    expect(frame.classList.contains('presenting')).toBe(true);
    expect(requestFullscreen).toHaveBeenCalledOnce();
    expect(requestFullscreen.mock.contexts[0]).toBe(frame);
    // Stepping works the same while presenting.
    await fireEvent.keyDown(window, { key: 'PageDown' });
    expect(position()).toBe('Step 2 of 10: Screen');

    // The browser's Esc leaves full screen; the presentation ends with it.
    await exitFullscreen();
    await Promise.resolve();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Present' })).toBeTruthy();

    // Where full screen is refused, the covering layout stays until Esc.
    requestFullscreen.mockImplementationOnce(() => Promise.reject(new Error('denied')));
    await fireEvent.click(screen.getByRole('button', { name: 'Present' }));
    expect(screen.getByRole('dialog', { name: 'Explain, presentation' })).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
