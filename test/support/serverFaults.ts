/**
 * Seeded fault mix for the scripted OpenAI-compatible server: each generation request draws one
 * outcome, so a test run is reproducible for a given arrival order.
 */
import { mulberry32 } from '../../src/core/dedup/hash32';

export type Fault =
  | {
      kind: 'status';
      status: number;
      body?: string;
      headers?: Record<string, string>;
      contentType?: string;
    }
  | { kind: 'malformed' }
  | { kind: 'reset' }
  /** Accepts the request and never answers (no headers, no bytes). */
  | { kind: 'hang' }
  /** Starts the stream (headers and a first delta), then goes silent with the connection open. */
  | { kind: 'stall' };

export interface FaultRates {
  /** Fraction answered 500. */
  serverError?: number;
  /** Fraction answered 429 with Retry-After. */
  rateLimited?: number;
  /** Fraction answered 503. */
  unavailable?: number;
  /** Fraction never answered (the client's timeout must fire). */
  hang?: number;
  /** Fraction whose stream stops after its first delta, the connection left open. */
  stall?: number;
  /** Fraction whose connection is destroyed without an answer. */
  reset?: number;
  /** Fraction answered 200 with broken JSON. */
  malformed?: number;
}

/** A heavy mix of every fault a fleet throws at a client (stalls aside), for whole-run tests. */
export const mixedFaultRates: FaultRates = {
  serverError: 0.3,
  rateLimited: 0.04,
  unavailable: 0.04,
  hang: 0.02,
  reset: 0.03,
  malformed: 0.03,
};

/** The request outcomes `mixedFaultRates` produces over a long enough run. */
export const mixedFaultOutcomes = ['500', '429', '503', 'hang', 'reset', 'malformed'];

export interface FaultMix {
  seed: number;
  rates: FaultRates;
  /** Retry-After sent with 429 (seconds; fractions allowed to keep tests short). */
  retryAfterS?: number;
}

export function faultPicker(mix: FaultMix): () => Fault | undefined {
  const next = mulberry32(mix.seed);
  const random = () => next() / 2 ** 32;
  const r = mix.rates;
  const table: [number, Fault][] = [
    [r.serverError ?? 0, { kind: 'status', status: 500 }],
    [
      r.rateLimited ?? 0,
      { kind: 'status', status: 429, headers: { 'retry-after': String(mix.retryAfterS ?? 1) } },
    ],
    [r.unavailable ?? 0, { kind: 'status', status: 503 }],
    [r.hang ?? 0, { kind: 'hang' }],
    [r.stall ?? 0, { kind: 'stall' }],
    [r.reset ?? 0, { kind: 'reset' }],
    [r.malformed ?? 0, { kind: 'malformed' }],
  ];
  return () => {
    let draw = random();
    for (const [rate, fault] of table) {
      if (draw < rate) return fault;
      draw -= rate;
    }
    return undefined;
  };
}
