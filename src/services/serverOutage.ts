/**
 * A studio run through a server outage, with the same pool behaviour as `scalequest run`: a
 * request that keeps failing is parked and tried again later while the run goes on; when every
 * server of a role's group has failed for a while (the pool's `outageSince`), the run is paused
 * with a message naming the servers, its Web Lock kept, and the servers are probed (Test
 * connection) until one answers — then the run resumes by itself. Resume tries at once; Stop
 * ends it.
 */
import type { EngineRole } from '../core/pipeline/stageEngines';
import type { EndpointPool } from '../engine/remote/endpointPool';
import type { LivenessOptions } from '../engine/remote/liveness';
import type { DrivenRun } from './drivenRun';

export interface OutagePolicy {
  /** A request that used up its attempts is tried again after about this long (ms). */
  parkDelayMs: number;
  /** Every server of a group failing, none answering, this long: the run pauses (ms). */
  outageAfterMs: number;
  /** How often the pools are looked at for an outage (ms). */
  checkEveryMs: number;
  /** How often a paused run's servers are probed (ms). */
  probeEveryMs: number;
  /** How long one probe may take (default: `probeEveryMs`, at most 8 s). */
  probeTimeoutMs?: number;
  /** How long a request may stay silent, learnt per server (default: the pool's). */
  liveness?: Partial<LivenessOptions>;
}

export const studioOutagePolicy: OutagePolicy = {
  parkDelayMs: 15_000,
  outageAfterMs: 30_000,
  checkEveryMs: 1_000,
  probeEveryMs: 10_000,
};

/** One remote group of a run and the roles it serves. */
interface OutageGroup {
  name: string;
  roles: EngineRole[];
  pool: EndpointPool;
}

export interface ServerOutage {
  group: OutageGroup;
  /** When the last answer anywhere in the group was seen (ms since the epoch). */
  since: number;
  lastError: string;
}

/** Calls `onOutage` once, for the first group whose every server is down; returns a stop. */
export function watchOutages(
  groups: readonly OutageGroup[],
  onOutage: (outage: ServerOutage) => void,
  everyMs: number,
): () => void {
  const timer = setInterval(() => {
    for (const group of groups) {
      const outage = group.pool.snapshot().outage;
      if (!outage) continue;
      clearInterval(timer);
      onOutage({ group, since: outage.since, lastError: outage.lastError });
      return;
    }
  }, everyMs);
  return () => clearInterval(timer);
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

/** What the run's row says while it waits: which servers, since when, and what to do. */
export function outageMessage(outage: ServerOutage, now = Date.now()): string {
  const { group } = outage;
  const labels = group.pool.snapshot().endpoints.map((e) => e.label);
  const many = labels.length > 1;
  const servers = labels.join(', ');
  return (
    `${many ? 'Every server' : 'The server'} of "${group.name}" (${group.roles.join(', ')}) has ` +
    `failed for ${seconds(now - outage.since)}: ${outage.lastError}. Paused, nothing lost: the ` +
    `run continues by itself as soon as ${many ? 'one' : 'it'} answers again (while the studio is open). Check that ` +
    `${servers} ${many ? 'are' : 'is'} running and reachable from this browser, or press ` +
    'Resume to try at once.'
  );
}

/** The `paused` event's reason. */
export function outageReason(outage: ServerOutage): string {
  return `server outage: ${outage.group.name} (${outage.lastError})`;
}

/** The longest a probe of a paused run's servers may take (ms). */
const PROBE_LIMIT_MS = 8_000;

/**
 * Waits while a run is paused by an outage: every `everyMs` each server of the group is asked
 * for its models; 'resume' once one answers or the person resumes, 'end' when they end the run.
 * Resume and Stop are heard at once, also while a probe is under way.
 */
export async function waitForServers(
  driven: DrivenRun,
  pool: EndpointPool,
  everyMs: number,
  probeMs = Math.min(everyMs, PROBE_LIMIT_MS),
): Promise<'resume' | 'end'> {
  for (;;) {
    const why = await driven.wait(everyMs);
    if (why !== 'retry') return why;
    if (driven.ending) return 'end';
    const probed = new AbortController();
    const first = await Promise.race([
      pool.probe(probeMs).then((back) => (back ? 'resume' : 'retry')),
      driven.wait(probeMs + 1_000, probed.signal),
    ]);
    probed.abort();
    if (driven.ending || first === 'end') return 'end';
    if (first === 'resume') return 'resume';
  }
}
