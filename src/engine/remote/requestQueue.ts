/**
 * Waiting room of the pool: fresh requests by priority (lower first; the run gives every request
 * of an attempt that attempt's index, so the oldest attempt's next stage never waits behind the
 * stages of hundreds of younger ones), arrival order among equals; and retries that become ready
 * after their backoff, which go first (they are older). A job that leaves the queue early
 * (cancelled) is only flagged and skipped when it reaches the top.
 */
export interface QueuedJob {
  phase: 'queued' | 'running' | 'done';
  /** Epoch ms before which a retry must not start. */
  readyAt: number;
  /** Lower goes first; undefined goes before any number. */
  priority: number | undefined;
}

interface Entry<T> {
  job: T;
  priority: number;
  seq: number;
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);
}

export class RequestQueue<T extends QueuedJob> {
  /** Binary min-heap of fresh jobs. */
  readonly #fresh: Entry<T>[] = [];
  #seq = 0;
  #retrying: T[] = [];
  #size = 0;

  /** Jobs waiting (fresh or backing off). */
  get size(): number {
    return this.#size;
  }

  push(job: T): void {
    job.phase = 'queued';
    this.#size += 1;
    const heap = this.#fresh;
    heap.push({ job, priority: job.priority ?? Number.NEGATIVE_INFINITY, seq: this.#seq++ });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pushRetry(job: T): void {
    job.phase = 'queued';
    this.#retrying.push(job);
    this.#size += 1;
  }

  /** The next job allowed to start at `now`, left in place. */
  peek(now: number): T | undefined {
    for (const job of this.#retrying) if (job.readyAt <= now) return job;
    // Jobs that left while waiting (cancelled, or retried from #retrying) are dropped here.
    while (this.#fresh.length > 0 && this.#fresh[0]!.job.phase !== 'queued') this.#popFresh();
    return this.#fresh[0]?.job;
  }

  /** Marks a job as leaving the queue (started or cancelled). */
  remove(job: T, phase: 'running' | 'done'): void {
    if (job.phase !== 'queued') return;
    job.phase = phase;
    this.#size -= 1;
    const at = this.#retrying.indexOf(job);
    if (at >= 0) this.#retrying.splice(at, 1);
    // A fresh job leaves from the top; stepping past it keeps a later retry of it out of #fresh.
    else if (this.#fresh[0]?.job === job) this.#popFresh();
  }

  /** Earliest future moment a backing-off retry becomes ready. */
  nextReadyAt(now: number): number | undefined {
    let next: number | undefined;
    for (const job of this.#retrying) {
      if (job.readyAt > now && (next === undefined || job.readyAt < next)) next = job.readyAt;
    }
    return next;
  }

  #popFresh(): void {
    const heap = this.#fresh;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }
}
