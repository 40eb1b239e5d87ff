// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import RunDetail from '../../src/ui/runs/RunDetail.svelte';
import { defaultRunConfig } from '../../src/core/pipeline/runConfig';
import type { QuestionRecord } from '../../src/core/pipeline/records';
import type { RunRow } from '../../src/core/runs/runRow';
import { remoteBackends } from '../support/backends';
import { stageMark } from '../support/stageMark';
import { makeQuestion } from '../support/storedRecords';

const hostile =
  '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> What is 1+1?';

const run: RunRow = {
  id: 'r',
  name: 'Demo run',
  createdAt: 0,
  updatedAt: 0,
  status: 'running',
  config: defaultRunConfig({ targetPairs: 4 }),
  backends: remoteBackends('http://x', 'm'),
  progress: {
    attempts: 3,
    kept: 1,
    rejected: { language: 1, dedup: 1 },
    promptTokens: 30,
    completionTokens: 70,
  },
  appVersion: 't',
};

const question: QuestionRecord = makeQuestion('r', 0, {
  text: hostile,
  status: 'rejected',
  rejectedAt: 'language',
  verdicts: [
    { stage: 'generate', pass: true },
    { stage: 'language', pass: false, reason: "non-ASCII character 'é' (U+00E9)" },
  ],
  generation: {
    prompt: '',
    rawText: hostile,
    finishReason: 'stop',
    seed: 0,
    promptTokens: 1,
    completionTokens: 1,
    model: 'm',
  },
  majorityAnswer: null,
  agreement: 0,
  chosenSolutionId: null,
  createdAt: 0,
});

describe('RunDetail', () => {
  it('shows progress, the funnel and each stage verdict', () => {
    render(RunDetail, { props: { run, questions: [question], inFlight: null } });
    expect(screen.getByText(/1 of 4 questions kept/)).toBeTruthy();
    expect(screen.getByText(/1 rejected at Language/)).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Questions of this run' });
    const item = list.querySelector(':scope > li')!;
    expect(within(list).getByText(/Question 1 — rejected/)).toBeTruthy();
    expect(stageMark(item, 'generate').getAttribute('data-status')).toBe('passed');
    expect(stageMark(item, 'language').textContent).toContain('U+00E9');
    // Never reached after the rejection: not "skipped", and certainly not "pending".
    expect(stageMark(item, 'solve').getAttribute('data-status')).toBe('not-reached');
  });

  it('renders model output as text, never as live HTML', () => {
    const { container } = render(RunDetail, {
      props: {
        run,
        questions: [question],
        inFlight: {
          index: 1,
          text: hostile,
          stages: { generate: { status: 'passed' } },
          generating: true,
          alsoInFlight: [],
        },
      },
    });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
