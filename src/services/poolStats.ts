/**
 * Live endpoint figures of a run's remote pools as one event, at most every `intervalMs`: a pool
 * notifies on every dispatch and answer, far too often to post across a worker boundary.
 */
import type { EngineRole } from '../core/pipeline/stageEngines';
import type { EndpointPool } from '../engine/remote/endpointPool';
import type { EndpointStats } from '../engine/remote/poolEndpoint';

/** One remote group of a run, as the endpoint view shows it. */
export interface PoolView {
  key: string;
  name: string;
  roles: EngineRole[];
  /** Requests waiting for a slot or backing off. */
  queued: number;
  endpoints: EndpointStats[];
}

export interface EndpointsEvent {
  type: 'endpoints';
  pools: PoolView[];
}

export interface WatchedPool {
  key: string;
  name: string;
  roles: EngineRole[];
  pool: EndpointPool;
}

/** Subscribes to the pools; the first snapshot goes out at once, the last one on `stop()`. */
export function watchPools(
  pools: WatchedPool[],
  emit: (event: EndpointsEvent) => void,
  intervalMs = 500,
): { stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  const send = () =>
    emit({
      type: 'endpoints',
      pools: pools.map(({ key, name, roles, pool }) => ({
        key,
        name,
        roles: [...roles],
        ...pool.snapshot(),
      })),
    });
  const tick = () => {
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    send();
    timer = setTimeout(tick, intervalMs);
  };
  const changed = () => {
    if (timer !== undefined) {
      dirty = true;
      return;
    }
    send();
    timer = setTimeout(tick, intervalMs);
  };
  const unsubscribers = pools.map(({ pool }) => pool.subscribe(changed));
  return {
    stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (pools.length) send();
    },
  };
}
