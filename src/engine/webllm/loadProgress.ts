/**
 * Turns WebLLM's `initProgressCallback` reports into phase-aware progress. Progress restarts at 0
 * for each phase (fetch, then shader compile), so percent and ETA are tracked per phase.
 */
import type { InitProgressReport } from '@mlc-ai/web-llm';

export type LoadPhase = 'fetch' | 'cache' | 'shader' | 'done' | 'other';

export interface LoadProgress {
  modelId: string;
  phase: LoadPhase;
  /** 0–100 within the current phase. */
  percent: number;
  /** Bytes fetched/loaded so far in this phase, when the text says so (WebLLM rounds up to MB). */
  bytes?: number;
  /** Shard or shader-module counter, e.g. 12 of 108. */
  step?: { done: number; total: number };
  /** Seconds left in this phase, once it has moved far enough to estimate. */
  etaS?: number;
  text: string;
}

/** How long one load phase took. */
export interface PhaseTime {
  phase: LoadPhase;
  seconds: number;
}

const MB = 1024 * 1024;

export function parsePhase(text: string, progress: number): LoadPhase {
  if (/^Fetching param cache|Start to fetch/i.test(text)) return 'fetch';
  if (/^Loading model from cache/i.test(text)) return 'cache';
  // Before the shader test: the final text names the adapter, e.g. "WebGPU - swiftshader".
  if (/^Finish loading/i.test(text)) return 'done';
  if (/shader module/i.test(text)) return 'shader';
  if (progress >= 1) return 'done';
  return 'other';
}

function parseStep(text: string): { done: number; total: number } | undefined {
  const m = /\[(\d+)\/(\d+)\]/.exec(text);
  return m ? { done: Number(m[1]), total: Number(m[2]) } : undefined;
}

function parseBytes(text: string): number | undefined {
  const m = /(\d+(?:\.\d+)?)MB (?:fetched|loaded)/.exec(text);
  return m ? Math.round(Number(m[1]) * MB) : undefined;
}

/** Keeps per-phase start points so ETA restarts honestly whenever WebLLM's progress does. */
export class LoadProgressTracker {
  #phase: LoadPhase | undefined;
  #times: PhaseTime[] = [];
  #phaseStartS = 0;
  #phaseStartProgress = 0;
  #lastProgress = 0;
  readonly #modelId: string;
  readonly #nowS: () => number;

  constructor(modelId: string, nowS: () => number) {
    this.#modelId = modelId;
    this.#nowS = nowS;
  }

  update(report: InitProgressReport): LoadProgress {
    const progress = Math.min(1, Math.max(0, report.progress));
    const phase = parsePhase(report.text, progress);
    const now = this.#nowS();
    if (phase !== this.#phase || progress < this.#lastProgress) {
      this.#closePhase(now);
      this.#phase = phase;
      this.#phaseStartS = now;
      this.#phaseStartProgress = progress;
    }
    this.#lastProgress = progress;
    const out: LoadProgress = {
      modelId: this.#modelId,
      phase,
      percent: Math.round(progress * 1000) / 10,
      text: report.text,
    };
    const bytes = parseBytes(report.text);
    if (bytes !== undefined) out.bytes = bytes;
    const step = parseStep(report.text);
    if (step) out.step = step;
    const moved = progress - this.#phaseStartProgress;
    const elapsed = now - this.#phaseStartS;
    if (phase !== 'done' && moved >= 0.01 && elapsed > 0) {
      out.etaS = Math.round(((1 - progress) * elapsed) / moved);
    }
    return out;
  }

  /** The phase being loaded now (undefined before the first report). */
  get phase(): LoadPhase | undefined {
    return this.#phase;
  }

  /** Seconds per phase so far, in the order they ran (a phase seen twice is summed). */
  phaseTimes(nowS = this.#nowS()): PhaseTime[] {
    const times = this.#times.map((t) => ({ ...t }));
    if (this.#phase && this.#phase !== 'done')
      addTime(times, this.#phase, nowS - this.#phaseStartS);
    return times.map((t) => ({ phase: t.phase, seconds: Math.round(t.seconds * 10) / 10 }));
  }

  #closePhase(now: number): void {
    if (this.#phase && this.#phase !== 'done')
      addTime(this.#times, this.#phase, now - this.#phaseStartS);
  }
}

function addTime(times: PhaseTime[], phase: LoadPhase, seconds: number): void {
  const seen = times.find((t) => t.phase === phase);
  if (seen) seen.seconds += seconds;
  else times.push({ phase, seconds });
}
