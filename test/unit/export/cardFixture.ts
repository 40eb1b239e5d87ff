import type { DatasetCardInput } from '../../../src/core/export/datasetCardInput';

export const SECRET = 'sk-live-ABCDEFGHIJKLMNOPQRSTUVWX';

/** A card input whose run settings carry credentials in every hiding place we know. */
export function cardInput(): DatasetCardInput {
  return {
    title: 'Tiny math set',
    license: 'apache-2.0',
    pairCount: 12_345,
    reviewRule: 'accepted-only',
    dataFiles: [
      { path: 'data/train.parquet', layout: 'ScaleQuest query/response' },
      { path: 'data/sharegpt.jsonl', config: 'sharegpt', layout: 'ShareGPT conversations' },
    ],
    models: [
      { role: 'generator', name: 'Qwen2-Math-7B-QGen', license: 'apache-2.0' },
      { role: 'solver', name: 'Qwen2.5-Math-7B-Instruct', url: 'https://hf.co/Qwen' },
    ],
    runs: [
      {
        id: 'run-1',
        name: 'first | run',
        seed: 42,
        kept: 10,
        settings: {
          targetPairs: 10,
          seed: 42,
          generation: { temperature: 1, topP: 0.99, maxTokens: 1024 },
          solve: { samples: 3, instruction: 'Reason step by step, \\boxed{}.' },
          endpoint: {
            url: `https://user:hunter2@example.com/v1?api_key=${SECRET}`,
            apiKey: SECRET,
            headers: { Authorization: `Bearer ${SECRET}` },
          },
        },
        funnel: [
          {
            stage: 'generate',
            reached: 30,
            passed: 25,
            failed: 5,
            skipped: 0,
            reasons: [
              { reason: 'cut off', count: 4 },
              { reason: 'empty', count: 1 },
            ],
            skipReasons: [],
          },
          {
            stage: 'dedup',
            reached: 25,
            passed: 10,
            failed: 15,
            skipped: 0,
            reasons: [{ reason: 'duplicate', count: 15 }],
            skipReasons: [],
          },
          {
            stage: 'judge',
            reached: 10,
            passed: 0,
            failed: 0,
            skipped: 10,
            reasons: [],
            skipReasons: ['off'],
          },
        ],
        checks: {
          ran: [
            {
              stage: 'generate',
              label: 'Generation screen',
              settings: 'length 1 to no limit',
              ran: 30,
              rejected: 5,
            },
            { stage: 'dedup', label: 'Duplicates', settings: 'exact match', ran: 25, rejected: 15 },
          ],
          notRun: [
            {
              stage: 'judge',
              label: 'Solvability judge',
              skipped: 10,
              reasons: ['off in this run’s settings'],
            },
          ],
        },
        contamination: {
          ngram: 13,
          sets: [
            { name: 'gsm8k-test', description: 'GSM8K test questions (1,319 questions, MIT)' },
          ],
          checked: 12_400,
          overlapping: 4,
          action: 'flag',
          dropped: 0,
        },
        review: { accepted: 12_345, pending: 3, rejected: 2, edited: 7, flagged: 3 },
      },
    ],
    repoId: 'me/tiny-math',
  };
}
