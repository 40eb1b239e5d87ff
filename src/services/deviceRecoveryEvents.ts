/**
 * Records, in a run's events, every lost GPU device its local engines recovered from (or did
 * not): the run's history then says what happened instead of showing a gap.
 */
import type { LlmEngine } from '../core/ports/llmEngine';
import type { DeviceRecovery, RecoveryListener } from '../engine/webllm/webLlmEngine';
import type { RunEventKind } from '../db/runEventRepository';

interface RecoveringEngine {
  onDeviceRecovery(listener: RecoveryListener): () => void;
}

function recovers(engine: LlmEngine): engine is LlmEngine & RecoveringEngine {
  return typeof (engine as Partial<RecoveringEngine>).onDeviceRecovery === 'function';
}

/** The run event for one recovery, in words. */
export function recoveryEvent(r: DeviceRecovery): { kind: RunEventKind; message: string } {
  // The cause comes prefixed with the model id already named here.
  const cause = r.cause.replace(`${r.modelId}: `, '').replace(/\.$/, '');
  const lost = `The GPU device was lost while ${r.modelId} was generating (${cause}).`;
  return r.recovered
    ? {
        kind: 'recovered',
        message: `${lost} ${r.modelId} was reloaded in ${(r.reloadS ?? 0).toFixed(1)} s and the same request was sent again; nothing was lost.`,
      }
    : {
        kind: 'device_lost',
        message: `${lost} Reloading ${r.modelId} failed: ${r.error ?? 'unknown error'}`,
      };
}

/** Listens to each distinct engine that can recover; returns the function that stops it. */
export function recordDeviceRecoveries(
  engines: LlmEngine[],
  note: (kind: RunEventKind, message: string) => unknown,
): () => void {
  const stops = [...new Set(engines)].filter(recovers).map((engine) =>
    engine.onDeviceRecovery((recovery) => {
      const { kind, message } = recoveryEvent(recovery);
      void note(kind, message);
    }),
  );
  return () => stops.forEach((stop) => stop());
}
