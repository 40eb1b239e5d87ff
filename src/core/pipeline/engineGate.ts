import { onAbort } from '../abortWatch';
import type { ChatRequest, CompletionRequest, LlmEngine } from '../ports/llmEngine';

interface Waiter {
  priority: number;
  resolve: () => void;
}

/**
 * Lets at most `slots` engine requests run at once and hands a freed slot to the earliest
 * attempt waiting, so the oldest question finishes first while later ones keep the queue full.
 */
export class EngineGate {
  #active = 0;
  #waiting: Waiter[] = [];

  /**
   * `onActive` hears when attempt `priority` gets a slot (its request goes to the engine) and
   * when it gives it back; waiting attempts are not active.
   */
  constructor(
    private readonly engine: LlmEngine,
    private readonly slots: number,
    private readonly onActive?: (priority: number, active: boolean) => void,
  ) {}

  /** The engine as attempt `priority` sees it (lower goes first). */
  for(priority: number): LlmEngine {
    const run = <T>(call: () => Promise<T>, signal?: AbortSignal) =>
      this.#withSlot(priority, call, signal);
    return {
      info: this.engine.info,
      // The engine's own queue (a remote pool's) keeps the same order.
      complete: (request: CompletionRequest, signal?: AbortSignal) =>
        run(() => this.engine.complete({ ...request, priority }, signal), signal),
      chat: (request: ChatRequest, signal?: AbortSignal) =>
        run(() => this.engine.chat({ ...request, priority }, signal), signal),
    };
  }

  async #withSlot<T>(priority: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(priority, signal);
    this.onActive?.(priority, true);
    try {
      return await call();
    } finally {
      this.onActive?.(priority, false);
      this.#release();
    }
  }

  #acquire(priority: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.#active < this.slots) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      // One shared listener per signal: hundreds of attempts wait on the same run signal.
      let unwatch = () => {};
      const waiter: Waiter = {
        priority,
        resolve: () => {
          unwatch();
          resolve();
        },
      };
      if (signal)
        unwatch = onAbort(signal, () => {
          this.#waiting = this.#waiting.filter((w) => w !== waiter);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        });
      const at = this.#waiting.findIndex((w) => w.priority > priority);
      this.#waiting.splice(at < 0 ? this.#waiting.length : at, 0, waiter);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next.resolve();
    else this.#active--;
  }
}
