import type { ChatMessage } from '../ports/llmEngine';

/** Reasoning judge (faithful mode): a strict teacher who may work the problem, then concludes. */
export function reasoningJudgeMessages(question: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content:
        'You are a strict mathematics teacher who checks problems written by students before they are used in an exam.',
    },
    {
      role: 'user',
      content: [
        'Check the text below. It passes only if (1) it is a genuine mathematics problem with a definite answer, and (2) it can be solved using only the conditions it states: nothing needed is missing, nothing contradicts itself, and it asks exactly one clear question.',
        'You may try to solve it to find out. Think step by step, then finish with a last line that is exactly "Answer: Yes" or "Answer: No".',
        '',
        'Problem:',
        question,
      ].join('\n'),
    },
  ];
}

/**
 * The paper's solvability instruction, verbatim from its code (`language_solvability_check.py`,
 * after Python's `.strip()`); the whitespace after "1." and "2." is one TAB each.
 */
export const PAPER_SOLVABILITY_INSTRUCTION = [
  'Please act as a professional math teacher.',
  'Your goal is to determine if the given problem is a valuable math problem. You need to consider two aspects:',
  '1.\tThe given problem is a math problem.',
  '2.\tThe given math problem can be solved based on the conditions provided in the problem (You can first try to solve it and then judge its solvability).',
  '',
  "Please reason step by step and conclude with either 'Yes' or 'No'.",
  '',
  'Given Problem: {problem}',
].join('\n');

/** The stop strings the paper's code passes with its solvability check (Qwen2's ChatML tokens). */
export const PAPER_JUDGE_STOPS = ['<|im_start|>', '<|im_end|>', '<|endoftext|>'];

/** The paper's solvability check: its system message and its instruction with the question in. */
export function paperJudgeMessages(question: string): ChatMessage[] {
  return [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: PAPER_SOLVABILITY_INSTRUCTION.replace('{problem}', () => question) },
  ];
}

/** Fast judge: one token, Yes or No, for small local models. */
export function fastJudgeMessages(question: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: 'You are a strict mathematics teacher. Reply with one word: Yes or No.',
    },
    {
      role: 'user',
      content: `Is the following a genuine, well-posed math problem that can be solved from its own stated conditions?\n\n${question}\n\nAnswer Yes or No only.`,
    },
  ];
}

/** The messages as one readable string, for the stored trace. */
export function promptText(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
}
