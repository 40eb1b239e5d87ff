/**
 * Waiting room of the pool: fresh requests in arrival order, and retries that become ready after
 * their backoff. Retries go first (they are older). Removal is O(1) via a phase flag on the job.
 */
export interface QueuedJob {
  phase: 'queued' | 'running' | 'done';
  /** Epoch ms before which a retry must not start. */
  readyAt: number;
}

export class RequestQueue<T extends QueuedJob> {
  #fresh: T[] = [];
  #head = 0;
  #retrying: T[] = [];
  #size = 0;

  /** Jobs waiting (fresh or backing off). */
  get size(): number {
    return this.#size;
  }

  push(job: T): void {
    job.phase = 'queued';
    this.#fresh.push(job);
    this.#size += 1;
  }

  pushRetry(job: T): void {
    job.phase = 'queued';
    this.#retrying.push(job);
    this.#size += 1;
  }

  /** The next job allowed to start at `now`, left in place. */
  peek(now: number): T | undefined {
    const retry = this.#retrying.find((job) => job.readyAt <= now);
    if (retry) return retry;
    while (this.#head < this.#fresh.length && this.#fresh[this.#head]!.phase !== 'queued') {
      this.#head += 1;
    }
    this.#compact();
    return this.#fresh[this.#head];
  }

  /** Marks a job as leaving the queue (started or cancelled). */
  remove(job: T, phase: 'running' | 'done'): void {
    if (job.phase !== 'queued') return;
    job.phase = phase;
    this.#size -= 1;
    const at = this.#retrying.indexOf(job);
    if (at >= 0) this.#retrying.splice(at, 1);
    // A fresh job leaves from the head; stepping past it keeps a later retry of it out of #fresh.
    else if (this.#fresh[this.#head] === job) this.#head += 1;
  }

  /** Earliest future moment a backing-off retry becomes ready. */
  nextReadyAt(now: number): number | undefined {
    let next: number | undefined;
    for (const job of this.#retrying) {
      if (job.readyAt > now && (next === undefined || job.readyAt < next)) next = job.readyAt;
    }
    return next;
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#fresh.length) {
      this.#fresh = this.#fresh.slice(this.#head);
      this.#head = 0;
    }
  }
}
