/**
 * Watches a run's endpoint pools from the terminal: a health line per group every few seconds
 * (in flight / limit, error rate, circuit state, idle deadline per server), and the outage
 * story — when every server of a group has been failing for a while the run pauses (its
 * requests are parked, nothing is lost), the watcher says so once, keeps probing through the
 * pool, and says when a server is back. After `giveUpAfterMs` of outage it asks the run to stop
 * (exit "paused by outage", resumable) instead of waiting for ever.
 */
import type { EndpointPool, PoolSnapshot } from '../../engine/remote/endpointPool';
import type { EndpointStats } from '../../engine/remote/poolEndpoint';
import { defaultLimitOptions } from '../../engine/remote/adaptiveLimit';
import { MAX_CONCURRENCY } from '../../core/pipeline/runConfigSchema';

export interface WatchedGroup {
  /** Roles served by the group, e.g. "generate, judge". */
  name: string;
  pool: EndpointPool;
}

export interface FleetWatchOptions {
  groups: WatchedGroup[];
  write: (line: string) => void;
  /** Health lines every this many ms (0: none). */
  healthEveryMs: number;
  /** Outage longer than this stops the run (undefined: wait until a server is back). */
  giveUpAfterMs?: number;
  onGiveUp: (message: string) => void;
  /** The run's cap on requests in flight per group (`run.concurrency`), for the hint below. */
  concurrency?: number;
  now?: () => number;
}

/** Health checks in a row that must find the cap to blame before the hint is written. */
const CAPPED_CHECKS = 3;

/**
 * The run's own cap, not the servers, is what holds this group back: nearly all the requests it
 * allows are in flight, nothing waits in the pool, and every server takes more (below its limit,
 * no queue of its own).
 */
function cappedByRun(snapshot: PoolSnapshot, concurrency: number): boolean {
  let inFlight = 0;
  for (const e of snapshot.endpoints) {
    const queueing = (e.serverWaiting ?? 0) > defaultLimitOptions.waitingTolerance;
    if (e.state !== 'closed' || e.inFlight >= e.limit || queueing) return false;
    inFlight += e.inFlight;
  }
  return snapshot.queued === 0 && inFlight >= Math.max(1, Math.floor(concurrency * 0.9));
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

function serverHealth(e: EndpointStats): string {
  const state = e.state === 'closed' ? '' : ` ${e.state}`;
  const paused = e.pausedUntil !== undefined ? ' (Retry-After)' : '';
  const waiting = e.serverWaiting !== undefined ? ` waiting ${e.serverWaiting}` : '';
  // A server ignoring `n` gets one request per choice: k times the requests for a solve.
  const ignoresN = e.honoursN === false ? ' ignores n' : '';
  // Right after the limit is cut, the requests already sent finish: more than the limit in flight
  // for a while is expected, and says so.
  const draining = e.inFlight > e.limit ? ' draining' : '';
  return (
    `${e.label} ${e.inFlight}/${e.limit}${draining}${state}${paused} err ${Math.round(e.errorRate * 100)}%` +
    ` ${Math.round(e.tokensPerS)} tok/s idle≤${seconds(e.idleDeadlineMs)}${waiting}${ignoresN}`
  );
}

function healthLine(name: string, snapshot: PoolSnapshot): string {
  const parked = snapshot.parked ? `, ${snapshot.parked} parked` : '';
  return `health [${name}] queued ${snapshot.queued}${parked} · ${snapshot.endpoints.map(serverHealth).join(' · ')}`;
}

export class FleetWatch {
  readonly #options: FleetWatchOptions;
  readonly #now: () => number;
  readonly #inOutage = new Map<WatchedGroup, number>();
  /** Health checks in a row that found the group capped by the run (-1: the hint was written). */
  readonly #capped = new Map<WatchedGroup, number>();
  #lastHealth: number;
  #gaveUp = false;

  constructor(options: FleetWatchOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#lastHealth = this.#now();
  }

  /** Called about every second by the run (health lines come when due). */
  tick(): void {
    const now = this.#now();
    const { write, healthEveryMs, giveUpAfterMs } = this.#options;
    const health = healthEveryMs > 0 && now - this.#lastHealth >= healthEveryMs;
    if (health) this.#lastHealth = now;
    for (const group of this.#options.groups) {
      const snapshot = group.pool.snapshot();
      if (health) {
        write(`${healthLine(group.name, snapshot)}`);
        this.#hintAtCap(group, snapshot);
      }
      const was = this.#inOutage.get(group);
      if (snapshot.outage && was === undefined) {
        this.#inOutage.set(group, snapshot.outage.since);
        write(
          `paused: every server of [${group.name}] has failed for ` +
            `${seconds(now - snapshot.outage.since)} (last: ${snapshot.outage.lastError}). ` +
            `Requests are parked and the servers probed; the run continues by itself when one answers` +
            (giveUpAfterMs !== undefined
              ? `, or stops after ${seconds(giveUpAfterMs)} of outage.`
              : '. Ctrl-C stops it (resumable).'),
        );
      } else if (!snapshot.outage && was !== undefined) {
        this.#inOutage.delete(group);
        write(`[${group.name}] answers again after ${seconds(now - was)}: continuing`);
      }
      const since = this.#inOutage.get(group);
      if (
        since !== undefined &&
        giveUpAfterMs !== undefined &&
        now - since >= giveUpAfterMs &&
        !this.#gaveUp
      ) {
        this.#gaveUp = true;
        this.#options.onGiveUp(
          `every server of [${group.name}] has failed for ${seconds(now - since)} ` +
            `(last: ${snapshot.outage?.lastError ?? 'unknown'})`,
        );
      }
    }
  }

  /** Says once per group when run.concurrency, not the servers, sets its pace. */
  #hintAtCap(group: WatchedGroup, snapshot: PoolSnapshot): void {
    const concurrency = this.#options.concurrency;
    const count = this.#capped.get(group) ?? 0;
    if (concurrency === undefined || count < 0) return;
    if (!cappedByRun(snapshot, concurrency)) {
      this.#capped.set(group, 0);
      return;
    }
    if (count + 1 < CAPPED_CHECKS) {
      this.#capped.set(group, count + 1);
      return;
    }
    this.#capped.set(group, -1);
    this.#options.write(
      `hint: [${group.name}] keeps all ${concurrency} requests run.concurrency allows in flight ` +
        `and its servers take more (each below its limit, none queueing): raise run.concurrency ` +
        `(up to ${MAX_CONCURRENCY}), or leave it out to size it from the endpoints`,
    );
  }
}
