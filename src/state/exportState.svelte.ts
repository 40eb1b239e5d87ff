import type { StudioDb } from '../db/studioDb';
import { plural } from '../core/text/numbers';
import type { ExportFormat } from '../services/exportFormats';
import { canPickSaveFile, saveExportFile } from '../services/saveFile';

/** The export form: which runs, which layout, which extras, and how the last export went. */
export class ExportState {
  /** Chosen runs; empty means every run of the project. */
  runIds = $state<string[]>([]);
  format = $state<ExportFormat>('scalequest');
  /** Only pairs accepted in review; otherwise every kept pair except those rejected in review. */
  acceptedOnly = $state(false);
  system = $state('');
  card = $state(true);
  zip = $state(false);
  title = $state('');
  license = $state('other');
  /** Write straight into a chosen file (File System Access API) instead of a download. */
  pickFile = $state(canPickSaveFile());
  readonly canPickFile = canPickSaveFile();
  busy = $state(false);
  written = $state(0);
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The last export stopped at the save picker (closed, or one the browser would not show). */
  cancelled = $state(false);
  readonly #db: StudioDb;

  constructor(db: StudioDb) {
    this.#db = db;
  }

  get chatLayout(): boolean {
    return this.format === 'messages' || this.format === 'sharegpt';
  }

  toggleRun(runId: string, on: boolean): void {
    const others = this.runIds.filter((id) => id !== runId);
    this.runIds = on ? [...others, runId] : others;
  }

  async run(): Promise<void> {
    this.busy = true;
    this.error = null;
    this.message = null;
    this.cancelled = false;
    this.written = 0;
    let count = 0;
    try {
      // The writers (Parquet, zip) load on first export, not with the page.
      const { datasetExportFiles } = await import('../services/datasetExport');
      const files = await datasetExportFiles(this.#db, {
        ...(this.runIds.length ? { runIds: [...this.runIds] } : {}),
        format: this.format,
        review: this.acceptedOnly ? 'accepted-only' : 'exclude-rejected',
        ...(this.chatLayout && this.system.trim() ? { system: this.system } : {}),
        card: this.card,
        zip: this.zip,
        title: this.title,
        license: this.license,
        onPair: (n) => {
          count = n;
          if (n % 500 === 0) this.written = n;
        },
      });
      for (const file of files) {
        if (!(await saveExportFile(file, this.pickFile))) {
          this.message = 'Export cancelled: no file was chosen, so nothing was written.';
          this.cancelled = true;
          return;
        }
      }
      this.written = count;
      this.message = `Exported ${plural(this.written, 'pair')} to ${files.map((f) => f.name).join(' and ')}.`;
    } catch (error) {
      this.error = `Export failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.busy = false;
    }
  }

  /** Exports again as an ordinary download, without the save picker. */
  async download(): Promise<void> {
    this.pickFile = false;
    await this.run();
  }
}
