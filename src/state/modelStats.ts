/**
 * Per-model request statistics: the last request's figures and a live rate over a sliding
 * window that decays to "idle" once nothing has finished for a while (pure, unit-tested).
 */
import type { GenerationUsage } from '../core/ports/llmEngine';

export const LIVE_WINDOW_S = 30;

interface Finished {
  atS: number;
  tokens: number;
}

export interface ModelUsage {
  last: GenerationUsage;
  /** When the last request finished (seconds, same clock as `atS`). */
  lastAtS: number;
  recent: Finished[];
  requests: number;
}

/** The usage after one more finished request; old entries leave the window. */
export function addUsage(
  before: ModelUsage | undefined,
  usage: GenerationUsage,
  nowS: number,
): ModelUsage {
  const recent = (before?.recent ?? []).filter((r) => nowS - r.atS <= LIVE_WINDOW_S);
  recent.push({ atS: nowS, tokens: usage.completionTokens });
  return { last: usage, lastAtS: nowS, recent, requests: (before?.requests ?? 0) + 1 };
}

/**
 * Completion tokens per second over the last window, or null when nothing finished in it
 * (the model is idle, or each request takes longer than the window).
 */
export function liveRate(usage: ModelUsage | undefined, nowS: number): number | null {
  const inWindow = (usage?.recent ?? []).filter((r) => nowS - r.atS <= LIVE_WINDOW_S);
  if (inWindow.length === 0) return null;
  return inWindow.reduce((sum, r) => sum + r.tokens, 0) / LIVE_WINDOW_S;
}

/** "12.3 tokens/s", or "12.5 s per token" below one token per second (more readable there). */
export function formatRate(tokensPerS: number | undefined | null): string {
  if (tokensPerS === undefined || tokensPerS === null || !Number.isFinite(tokensPerS)) return '—';
  if (tokensPerS <= 0) return '0 tokens/s';
  if (tokensPerS >= 1) return `${tokensPerS.toFixed(1)} tokens/s`;
  const perToken = 1 / tokensPerS;
  return `${perToken >= 10 ? perToken.toFixed(0) : perToken.toFixed(1)} s per token`;
}
