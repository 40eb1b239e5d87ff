import {
  browse,
  defaultFilter,
  defaultSort,
  reviewCounts,
  searchTerms,
  type BrowseFilter,
  type BrowseSort,
} from '../core/dataset/browseQuery';
import { toBrowseRow, type BrowseRow } from '../core/dataset/browseRow';
import type { EditInput, ReviewStatus } from '../core/pipeline/records';
import type { PairDetail } from '../core/dataset/pairDetail';
import {
  datasetSignature,
  listRunOptions,
  loadBrowseRows,
  loadPairDetail,
  runModel,
  type DatasetSignature,
  type RunOption,
} from '../db/datasetQuery';
import { observe } from '../db/observe';
import { clearReviewEdits, saveReviewEdits, setReviewStatus } from '../db/reviewRepository';
import type { StudioDb } from '../db/studioDb';
import { distinctModels, mergeRows, patchRows } from '../core/dataset/rowUpdates';

export interface DatasetBrowserDeps {
  db: StudioDb;
  /** Pause after the last keystroke before the search runs (ms). */
  searchDelayMs?: number;
}

export interface BulkProgress {
  status: ReviewStatus;
  done: number;
  total: number;
}

/**
 * The dataset browser: every question as a compact row in memory (re-read only when the stored
 * data changes), filtered, searched and sorted on the fly, plus the open pair and its review.
 */
export class DatasetBrowser {
  filter = $state<BrowseFilter>(defaultFilter());
  sort = $state<BrowseSort>(defaultSort());
  #searchInput = $state('');
  #terms = $state.raw<string[]>([]);
  #rows = $state.raw<BrowseRow[]>([]);
  #runs = $state.raw<RunOption[]>([]);
  #selectedId = $state<string | null>(null);
  #detail = $state.raw<PairDetail | null>(null);
  #editing = $state(false);
  #loading = $state(true);
  #error = $state<string | null>(null);
  #bulk = $state.raw<BulkProgress | null>(null);
  /** Review and edit writes under way: while any is, leaving the page would lose it. */
  #writes = $state(0);

  readonly visible: BrowseRow[] = $derived.by(() =>
    browse(this.#rows, $state.snapshot(this.filter), $state.snapshot(this.sort), this.#terms),
  );
  readonly selectedIndex: number = $derived(
    this.#selectedId === null ? -1 : this.visible.findIndex((r) => r.id === this.#selectedId),
  );
  readonly models: string[] = $derived(distinctModels(this.#rows));
  /** Changes whenever the filter, sort or search does (the list then scrolls to the top). */
  readonly queryKey: string = $derived(JSON.stringify([this.filter, this.sort, this.#terms]));
  readonly keptCount: number = $derived(this.#rows.filter((r) => r.status === 'kept').length);

  readonly #deps: DatasetBrowserDeps;
  #unsubscribers: (() => void)[] = [];
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #signature: DatasetSignature | undefined;
  #loaded = false;
  #syncing = false;
  #syncAgain = false;
  #held = false;
  #detailToken = 0;

  constructor(deps: DatasetBrowserDeps) {
    this.#deps = deps;
  }

  get rows(): BrowseRow[] {
    return this.#rows;
  }
  get runs(): RunOption[] {
    return this.#runs;
  }
  get searchInput(): string {
    return this.#searchInput;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }
  get detail(): PairDetail | null {
    return this.#detail;
  }
  get editing(): boolean {
    return this.#editing;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): string | null {
    return this.#error;
  }
  get bulk(): BulkProgress | null {
    return this.#bulk;
  }
  /** True while a review decision or an edit is being written (the page then asks before closing). */
  get saving(): boolean {
    return this.#writes > 0;
  }

  /**
   * Starts loading and following the project's rows; called when the Dataset screen first shows,
   * so a page that never opens it does not read (or keep in step with) every stored question.
   * Later calls do nothing.
   */
  init(): void {
    if (this.#unsubscribers.length) return;
    const { db } = this.#deps;
    const fail = this.#fail;
    this.#unsubscribers.push(
      observe(
        () => listRunOptions(db),
        (runs) => (this.#runs = runs),
        fail,
      ),
      observe(
        () => datasetSignature(db),
        (signature) => {
          this.#signature = signature;
          void this.#sync().catch(fail);
        },
        fail,
      ),
    );
  }

  readonly #fail = (error: unknown) => {
    this.#error = `Could not read the dataset: ${String(error)}`;
  };

  dispose(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers = [];
    clearTimeout(this.#searchTimer);
  }

  /** Brings the rows in line with the database: new rows only when that explains every change. */
  async #sync(): Promise<void> {
    if (this.#syncing || this.#held) {
      this.#syncAgain = true;
      return;
    }
    this.#syncing = true;
    try {
      do {
        this.#syncAgain = false;
        await this.#syncOnce();
      } while (this.#syncAgain && !this.#held);
    } finally {
      this.#syncing = false;
    }
  }

  async #syncOnce(): Promise<void> {
    const { db } = this.#deps;
    if (!this.#signature) return;
    // Read afresh: the observed one can predate a write this page has just made.
    const signature = await datasetSignature(db);
    if (this.#loaded) {
      const newest = this.#rows.reduce((max, r) => Math.max(max, r.createdAt), 0);
      const merged = mergeRows(this.#rows, await loadBrowseRows(db, { since: newest }));
      const counts = reviewCounts(merged);
      if (
        merged.length === signature.total &&
        counts.accepted === signature.accepted &&
        counts.rejected === signature.rejected
      ) {
        this.#rows = merged;
        return;
      }
    }
    this.#loading = true;
    this.#rows = await loadBrowseRows(db);
    this.#loaded = true;
    this.#loading = false;
  }

  /** Updates the box at once and runs the search after a pause in typing. */
  setSearch(text: string): void {
    this.#searchInput = text;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(
      () => (this.#terms = searchTerms(text)),
      this.#deps.searchDelayMs ?? 200,
    );
  }

  resetFilters(): void {
    this.filter = defaultFilter();
    this.setSearch('');
  }

  async select(id: string | null): Promise<void> {
    this.#selectedId = id;
    this.#editing = false;
    const token = ++this.#detailToken;
    if (id === null) {
      this.#detail = null;
      return;
    }
    const detail = await loadPairDetail(this.#deps.db, id);
    if (token === this.#detailToken) this.#detail = detail ?? null;
  }

  /** Moves the selection by `delta` rows of the visible list (first row when none is selected). */
  move(delta: number): Promise<void> {
    const rows = this.visible;
    if (rows.length === 0) return Promise.resolve();
    const from = this.selectedIndex;
    const to = from < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, from + delta));
    return this.select(rows[to]!.id);
  }

  close(): void {
    if (this.#editing) this.#editing = false;
    else void this.select(null);
  }

  startEditing(): void {
    if (this.#detail) this.#editing = true;
  }

  cancelEditing(): void {
    this.#editing = false;
  }

  /** Accepts, rejects or resets ('pending') the open pair, then opens the next one. */
  async review(status: ReviewStatus): Promise<void> {
    const id = this.#selectedId;
    if (id === null) return;
    const next = status === 'pending' ? id : this.#neighbourOf(id);
    await this.#applyReview([id], status);
    await this.select(next);
  }

  #neighbourOf(id: string): string {
    const rows = this.visible;
    const at = rows.findIndex((r) => r.id === id);
    return (rows[at + 1] ?? rows[at - 1] ?? rows[at])?.id ?? id;
  }

  /** Accepts or rejects every row the current filter and search show; returns how many. */
  async reviewVisible(status: ReviewStatus): Promise<number> {
    const ids = this.visible.map((r) => r.id);
    if (ids.length === 0) return 0;
    this.#bulk = { status, done: 0, total: ids.length };
    try {
      return await this.#applyReview(ids, status, (done, total) => {
        this.#bulk = { status, done, total };
      });
    } finally {
      this.#bulk = null;
    }
  }

  /**
   * Shows a decision once the database holds it, chunk by chunk: a page closed mid-write aborts
   * the write, and the screen must not have claimed it. The live sync waits until the end.
   */
  async #applyReview(
    ids: string[],
    status: ReviewStatus,
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    let shown = 0;
    const showStored = (done: number, total: number) => {
      const stored = ids.slice(shown, done);
      shown = done;
      this.#rows = patchRows(this.#rows, stored, { reviewStatus: status });
      const detail = this.#detail;
      if (detail && stored.includes(detail.question.id))
        this.#detail = { ...detail, question: { ...detail.question, reviewStatus: status } };
      onProgress?.(done, total);
    };
    this.#held = true;
    try {
      return await this.#writing(() =>
        setReviewStatus(this.#deps.db, ids, status, { onProgress: showStored }),
      );
    } catch (error) {
      this.#loaded = false;
      this.#error = `Review failed: ${String(error)}`;
      throw error;
    } finally {
      this.#held = false;
      void this.#sync().catch(this.#fail);
    }
  }

  async #writing<T>(write: () => Promise<T>): Promise<T> {
    this.#writes++;
    try {
      return await write();
    } finally {
      this.#writes--;
    }
  }

  /** Keeps edits beside the originals and refreshes the open pair and its row. */
  async saveEdits(input: EditInput): Promise<void> {
    const id = this.#selectedId;
    if (id === null) return;
    await this.#writing(() => saveReviewEdits(this.#deps.db, id, input));
    await this.#reloadDetail(id);
    this.#editing = false;
  }

  async discardEdits(): Promise<void> {
    const id = this.#selectedId;
    if (id === null) return;
    await this.#writing(() => clearReviewEdits(this.#deps.db, id));
    await this.#reloadDetail(id);
  }

  async #reloadDetail(id: string): Promise<void> {
    const detail = await loadPairDetail(this.#deps.db, id);
    if (!detail) return;
    if (this.#selectedId === id) this.#detail = detail;
    const chosen = detail.solutions.find((s) => s.id === detail.question.chosenSolutionId);
    const row = toBrowseRow(detail.question, chosen, runModel(detail.run));
    this.#rows = this.#rows.map((r) => (r.id === id ? row : r));
  }
}
