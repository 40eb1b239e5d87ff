import type { Checked } from './fieldChecks';
import { describeType, fail, isRecord, ok, rowId, text } from './fieldChecks';
import type { ImportKind, ImportOptions, ImportRecordMap, PairFormat } from './importTypes';
import { detectPairFormat, readPair } from './pairRows';

export const QUESTION_FIELDS = ['question', 'query', 'problem', 'instruction'];
export const REFERENCE_FIELDS = [
  'text',
  'question',
  'problem',
  'query',
  'instruction',
  'prompt',
  'content',
];

type Record_<K extends ImportKind> = Omit<ImportRecordMap[K], 'line' | 'id'>;

function pickText(
  row: Record<string, unknown>,
  field: string | undefined,
  candidates: string[],
): Checked<{ name: string; value: string }> {
  const name = field ?? candidates.find((c) => row[c] !== undefined);
  if (!name) {
    const keys = Object.keys(row).slice(0, 8).join(', ') || 'none';
    return fail(`no text field: expected one of ${candidates.join(', ')} (found ${keys})`);
  }
  const value = text(row[name], name);
  return value.ok ? ok({ name, value: value.value }) : value;
}

function readQuestion(row: Record<string, unknown>, field?: string): Checked<Record_<'questions'>> {
  const picked = pickText(row, field, QUESTION_FIELDS);
  if (!picked.ok) return picked;
  // Alpaca keeps context in `input`; a question without it would be incomplete.
  const input = picked.value.name === 'instruction' ? row.input : undefined;
  if (input !== undefined && typeof input !== 'string')
    return fail(`field "input" must be a string, got ${describeType(input)}`);
  const question = input?.trim() ? `${picked.value.value}\n\n${input}` : picked.value.value;
  return ok({ question });
}

/**
 * Turns one parsed row into a record or a reason. Stateful only for pairs in auto mode: the
 * first recognisable row fixes the layout for the rest of the file.
 */
export class RowReader<K extends ImportKind> {
  pairFormat: PairFormat | undefined;
  private readonly idField: string;

  constructor(private readonly options: ImportOptions<K>) {
    this.idField = options.idField ?? 'id';
    const format = options.pairFormat;
    this.pairFormat = format && format !== 'auto' ? format : undefined;
  }

  read(row: unknown): Checked<Omit<ImportRecordMap[K], 'line'>> {
    if (!isRecord(row)) return fail(`expected a JSON object, got ${describeType(row)}`);
    const id = rowId(row, this.idField);
    if (!id.ok) return id;
    const body = this.readBody(row);
    if (!body.ok) return body;
    const record = { ...body.value, ...(id.value === undefined ? {} : { id: id.value }) };
    return ok(record as Omit<ImportRecordMap[K], 'line'>);
  }

  private readBody(row: Record<string, unknown>): Checked<Record_<K>> {
    const kind: ImportKind = this.options.kind;
    if (kind === 'questions') return readQuestion(row, this.options.field) as Checked<Record_<K>>;
    if (kind === 'reference') {
      const picked = pickText(row, this.options.field, REFERENCE_FIELDS);
      return (picked.ok ? ok({ text: picked.value.value }) : picked) as Checked<Record_<K>>;
    }
    const format = this.pairFormat ?? detectPairFormat(row);
    if (!format) {
      const keys = Object.keys(row).slice(0, 8).join(', ') || 'none';
      return fail(
        `unrecognised pair layout: expected query/response, messages, conversations or instruction/output (found ${keys})`,
      );
    }
    this.pairFormat = format;
    return readPair(row, format) as Checked<Record_<K>>;
  }
}
