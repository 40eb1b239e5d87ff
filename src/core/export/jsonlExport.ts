import { alpacaLine, messagesLine, shareGptLine } from './chatFormats';
import type { ChatFormatOptions } from './chatFormats';
import { contaminationColumns, type ExportPair, type PairSource } from './exportPair';
import { scaleQuestLine } from './scaleQuestJsonl';

export type JsonlFormat = 'scalequest' | 'messages' | 'sharegpt' | 'alpaca';

export const JSONL_FORMATS: readonly JsonlFormat[] = [
  'scalequest',
  'messages',
  'sharegpt',
  'alpaca',
];

export interface JsonlExportOptions extends ChatFormatOptions {
  format?: JsonlFormat;
  /** Characters gathered before a chunk is yielded (fewer, larger writes; bounded memory). */
  chunkChars?: number;
  /** Add the contamination flag columns (`contaminated`, `contamination_source`, `_overlap`). */
  contaminationColumns?: boolean;
}

/** `{"a":1}\n` + `{b: 2}` → `{"a":1,"b":2}\n` (every layout writes one object per line). */
function withFields(line: string, fields: object): string {
  return `${line.slice(0, -2)},${JSON.stringify(fields).slice(1)}\n`;
}

export function jsonlLineWriter(
  format: JsonlFormat,
  options: ChatFormatOptions = {},
): (pair: ExportPair) => string {
  switch (format) {
    case 'scalequest':
      return scaleQuestLine;
    case 'messages':
      return (pair) => messagesLine(pair, options);
    case 'sharegpt':
      return (pair) => shareGptLine(pair, options);
    case 'alpaca':
      return alpacaLine;
  }
}

/** Streams one JSON object per line; holds at most one chunk of text at a time. */
export async function* writeJsonl(
  pairs: PairSource,
  options: JsonlExportOptions = {},
): AsyncGenerator<string> {
  const layout = jsonlLineWriter(options.format ?? 'scalequest', options);
  const line = options.contaminationColumns
    ? (pair: ExportPair) => withFields(layout(pair), contaminationColumns(pair))
    : layout;
  const chunkChars = options.chunkChars ?? 1 << 20;
  let chunk = '';
  for await (const pair of pairs) {
    chunk += line(pair);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
