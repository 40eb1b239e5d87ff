import type { Checked } from './fieldChecks';
import { describeType, fail, isRecord, ok, text } from './fieldChecks';
import type { PairFormat } from './importTypes';

export interface PairFields {
  query: string;
  response: string;
  system?: string;
}

/** The layout a row is written in, judged by its keys; null when none fits. */
export function detectPairFormat(row: Record<string, unknown>): PairFormat | null {
  if ('messages' in row) return 'messages';
  if ('conversations' in row) return 'sharegpt';
  if ('instruction' in row && 'output' in row) return 'alpaca';
  if ('query' in row && 'response' in row) return 'scalequest';
  return null;
}

type Turn = { speaker: 'system' | 'user' | 'assistant'; text: string };

const SHAREGPT_SPEAKERS: Record<string, Turn['speaker']> = {
  system: 'system',
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
};
const CHAT_SPEAKERS: Record<string, Turn['speaker']> = {
  system: 'system',
  user: 'user',
  assistant: 'assistant',
};

function readTurns(
  value: unknown,
  field: string,
  keys: { speaker: string; text: string },
  speakers: Record<string, Turn['speaker']>,
): Checked<Turn[]> {
  if (!Array.isArray(value)) {
    return fail(
      value === undefined
        ? `missing field "${field}"`
        : `field "${field}" must be an array, got ${describeType(value)}`,
    );
  }
  const turns: Turn[] = [];
  for (const [i, item] of value.entries()) {
    const path = `${field}[${i}]`;
    if (!isRecord(item)) return fail(`${path} must be an object, got ${describeType(item)}`);
    const who = item[keys.speaker];
    const speaker = typeof who === 'string' ? speakers[who] : undefined;
    if (!speaker) {
      return fail(`${path}.${keys.speaker} must be one of ${Object.keys(speakers).join(', ')}`);
    }
    const said = text(item[keys.text], `${path}.${keys.text}`);
    if (!said.ok) return said;
    turns.push({ speaker, text: said.value });
  }
  return ok(turns);
}

/** Exactly one exchange: an optional system turn, then user, then assistant. */
function singleExchange(turns: Turn[], field: string): Checked<PairFields> {
  const [first, ...rest] = turns;
  const system = first?.speaker === 'system' ? first.text : undefined;
  const exchange = system === undefined ? turns : rest;
  const shape = turns.map((t) => t.speaker).join(', ') || 'nothing';
  if (exchange.length > 2) {
    return fail(
      `"${field}" has ${turns.length} turns; only one user–assistant exchange is supported`,
    );
  }
  const [user, assistant] = exchange;
  if (exchange.length !== 2 || user?.speaker !== 'user' || assistant?.speaker !== 'assistant') {
    return fail(`"${field}" must be [system], user, assistant; got ${shape}`);
  }
  return ok({ query: user.text, response: assistant.text, ...(system ? { system } : {}) });
}

export function readPair(row: Record<string, unknown>, format: PairFormat): Checked<PairFields> {
  switch (format) {
    case 'scalequest': {
      const query = text(row.query, 'query');
      if (!query.ok) return query;
      const response = text(row.response, 'response');
      return response.ok ? ok({ query: query.value, response: response.value }) : response;
    }
    case 'alpaca': {
      const instruction = text(row.instruction, 'instruction');
      if (!instruction.ok) return instruction;
      const input = row.input ?? '';
      if (typeof input !== 'string')
        return fail(`field "input" must be a string, got ${describeType(input)}`);
      const output = text(row.output, 'output');
      if (!output.ok) return output;
      const query = input.trim() ? `${instruction.value}\n\n${input}` : instruction.value;
      return ok({ query, response: output.value });
    }
    case 'messages': {
      const turns = readTurns(
        row.messages,
        'messages',
        { speaker: 'role', text: 'content' },
        CHAT_SPEAKERS,
      );
      return turns.ok ? singleExchange(turns.value, 'messages') : turns;
    }
    case 'sharegpt': {
      const turns = readTurns(
        row.conversations,
        'conversations',
        { speaker: 'from', text: 'value' },
        SHAREGPT_SPEAKERS,
      );
      return turns.ok ? singleExchange(turns.value, 'conversations') : turns;
    }
  }
}
