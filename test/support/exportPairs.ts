/** Pairs as the export writers take them, for the writer tests. */

/** Unicode, quotes, line and paragraph separators, a pipe, an empty response, two runs. */
export const SAMPLE_PAIRS = [
  {
    query: 'What is $1+1$?',
    response: 'It is \\boxed{2}.',
    runId: 'r1',
    agreement: 1,
    majorityAnswer: '2',
  },
  {
    query: 'Ünïcödé 🙂 "quotes"\nand lines',
    response: 'tab\there \u2028 sep',
    runId: 'r1',
    agreement: 0.5,
  },
  { query: 'x|y', response: '', runId: 'r2', majorityAnswer: null },
];

/** Pairs with each contamination verdict: overlapping, checked and clean, and never checked. */
export const FLAGGED_PAIRS = [
  {
    query: 'q1',
    response: 'r1',
    contamination: { contaminated: true, source: 'gsm8k-test', overlap: 0.9 },
  },
  {
    query: 'q2',
    response: 'r2',
    contamination: { contaminated: false, source: null, overlap: 0.1 },
  },
  // Not checked (another run without the check): null, never false.
  { query: 'q3', response: 'r3' },
];
