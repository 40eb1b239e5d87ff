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
