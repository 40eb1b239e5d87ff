import type {
  FileFormat,
  ImportKind,
  ImportOptions,
  ImportRecordMap,
  ImportReport,
  ImportResult,
} from './importTypes';
import { RowReader } from './rowReader';

function mainText(record: object): string {
  const r = record as { question?: string; query?: string; text?: string };
  return r.question ?? r.query ?? r.text ?? '';
}

/** Gathers validated records and the report for one file, whatever its format. */
export class ImportCollector<K extends ImportKind> {
  private readonly records: ImportRecordMap[K][] = [];
  private readonly report: ImportReport;
  private readonly reader: RowReader<K>;
  private readonly idLines = new Map<string, number>();
  private readonly texts = new Set<string>();
  private repeatedTexts = 0;
  private readonly maxListed: number;

  constructor(options: ImportOptions<K>, format: FileFormat) {
    this.reader = new RowReader(options);
    this.maxListed = options.maxRejectedListed ?? 1000;
    this.report = {
      accepted: 0,
      rejected: [],
      rejectedTotal: 0,
      warnings: [],
      format,
      unit: format === 'parquet' ? 'row' : 'line',
    };
  }

  row(line: number, value: unknown): void {
    const checked = this.reader.read(value);
    if (!checked.ok) return this.reject(line, checked.reason);
    const { id } = checked.value as { id?: string };
    if (id !== undefined) {
      const first = this.idLines.get(id);
      if (first !== undefined)
        return this.reject(
          line,
          `duplicate id "${id}" (first seen on ${this.report.unit} ${first})`,
        );
      this.idLines.set(id, line);
    }
    const text = mainText(checked.value);
    if (this.texts.has(text)) this.repeatedTexts++;
    else this.texts.add(text);
    this.records.push({ ...checked.value, line } as ImportRecordMap[K]);
    this.report.accepted++;
  }

  reject(line: number, reason: string): void {
    this.report.rejectedTotal++;
    if (this.report.rejected.length < this.maxListed) this.report.rejected.push({ line, reason });
  }

  warn(message: string): void {
    this.report.warnings.push(message);
  }

  /** The whole file is unusable: nothing is returned, only the reason. */
  fatal(reason: string): ImportResult<K> {
    return { records: [], report: { ...this.report, accepted: 0, fatal: reason } };
  }

  result(): ImportResult<K> {
    const report = { ...this.report, warnings: [...this.report.warnings] };
    if (this.reader.pairFormat) report.pairFormat = this.reader.pairFormat;
    if (this.repeatedTexts > 0) {
      report.warnings.push(
        `${this.repeatedTexts} accepted ${report.unit}s repeat an earlier text exactly`,
      );
    }
    if (report.rejectedTotal > report.rejected.length) {
      report.warnings.push(
        `only the first ${report.rejected.length} of ${report.rejectedTotal} rejections are listed`,
      );
    }
    if (report.accepted === 0 && report.rejectedTotal === 0) {
      return this.fatal('the file holds no rows');
    }
    return { records: this.records, report };
  }
}
