import type { ExportPair } from './exportPair';

export interface ChatFormatOptions {
  /** System prompt written before the user turn; omitted when empty. */
  system?: string;
}

/** Chat-template JSONL (`messages` with role/content), the layout TRL and most trainers read. */
export function messagesLine(pair: ExportPair, options: ChatFormatOptions = {}): string {
  const messages: { role: string; content: string }[] = [];
  if (options.system) messages.push({ role: 'system', content: options.system });
  messages.push(
    { role: 'user', content: pair.query },
    { role: 'assistant', content: pair.response },
  );
  return `${JSON.stringify({ messages })}\n`;
}

/** ShareGPT layout: `conversations` of `{from, value}` with human/gpt (and system) speakers. */
export function shareGptLine(pair: ExportPair, options: ChatFormatOptions = {}): string {
  const conversations: { from: string; value: string }[] = [];
  if (options.system) conversations.push({ from: 'system', value: options.system });
  conversations.push({ from: 'human', value: pair.query }, { from: 'gpt', value: pair.response });
  return `${JSON.stringify({ conversations })}\n`;
}

/** Alpaca layout: the question is the instruction, there is no separate input. */
export function alpacaLine(pair: ExportPair): string {
  return `${JSON.stringify({ instruction: pair.query, input: '', output: pair.response })}\n`;
}
