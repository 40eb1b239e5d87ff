/**
 * Records, in a run's events, every lost GPU device its local engines recovered from: the run's
 * history then says what happened instead of showing a gap. A reload that failed needs no event
 * of its own: the run stops as interrupted, and that event carries the same explanation.
 */
import type { LlmEngine } from '../core/ports/llmEngine';
import type { DeviceRecovery, RecoveryListener } from '../engine/webllm/webLlmEngine';

interface RecoveringEngine {
  onDeviceRecovery(listener: RecoveryListener): () => void;
}

function recovers(engine: LlmEngine): engine is LlmEngine & RecoveringEngine {
  return typeof (engine as Partial<RecoveringEngine>).onDeviceRecovery === 'function';
}

/** The 'recovered' event's message for a reload that worked. */
export function recoveryMessage(r: DeviceRecovery): string {
  // The cause comes prefixed with the model id already named here.
  const cause = r.cause.replace(`${r.modelId}: `, '').replace(/\.$/, '');
  return `The GPU device was lost while ${r.modelId} was generating (${cause}). ${r.modelId} was reloaded in ${(r.reloadS ?? 0).toFixed(1)} s and the same request was sent again; nothing was lost.`;
}

/** Listens to each distinct engine that can recover; returns the function that stops it. */
export function recordDeviceRecoveries(
  engines: LlmEngine[],
  note: (kind: 'recovered', message: string) => unknown,
): () => void {
  const stops = [...new Set(engines)].filter(recovers).map((engine) =>
    engine.onDeviceRecovery((recovery) => {
      if (recovery.recovered) void note('recovered', recoveryMessage(recovery));
    }),
  );
  return () => stops.forEach((stop) => stop());
}
