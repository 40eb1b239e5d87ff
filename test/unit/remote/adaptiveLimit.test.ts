import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../../src/engine/remote/adaptiveLimit';
import { CircuitBreaker } from '../../../src/engine/remote/circuitBreaker';

describe('AdaptiveLimit', () => {
  it('grows by one per success while busy, whatever the time per token does', () => {
    const limit = new AdaptiveLimit({ initial: 4, max: 10 });
    for (let i = 0; i < 3; i++) limit.onAdmitted(undefined, limit.value);
    expect(limit.value).toBe(7);
    for (let i = 0; i < 10; i++) limit.onAdmitted(undefined, limit.value);
    expect(limit.value).toBe(10);
  });

  it('does not grow when the limit is not used', () => {
    const limit = new AdaptiveLimit({ initial: 8 });
    limit.onAdmitted(20, 1);
    expect(limit.value).toBe(8);
    limit.onAdmitted(20, 8);
    expect(limit.value).toBe(9);
  });

  it('steps down when the time to first token is far above its recent best', () => {
    const limit = new AdaptiveLimit({ initial: 8, ttftTolerance: 3, ttftSlackMs: 100 });
    limit.onAdmitted(50, 8); // best 50 ms: bound 2 × 250 ms
    expect(limit.value).toBe(9);
    limit.onAdmitted(400, 9);
    expect(limit.value).toBe(10);
    limit.onAdmitted(600, 10);
    expect(limit.value).toBe(9);
  });

  it('a single-choice request never looks slow next to an n=5 one (no per-token best)', () => {
    const limit = new AdaptiveLimit({ initial: 4, max: 300 });
    // Long generations and short scores alike: time to first token stays near its best.
    for (let i = 0; i < 400; i++) limit.onAdmitted(i % 5 === 0 ? 80 : 40, limit.value);
    expect(limit.value).toBe(300);
  });

  it("stops growing while the server's own queue is long and steps down when it is very long", () => {
    const limit = new AdaptiveLimit({ initial: 8, waitingTolerance: 4 });
    limit.waiting = 5;
    limit.onAdmitted(undefined, 8);
    expect(limit.value).toBe(8);
    limit.waiting = 17;
    expect(limit.value).toBe(7);
    limit.waiting = 0;
    limit.onAdmitted(undefined, 8);
    expect(limit.value).toBe(8);
  });

  it('halves on overload and never drops below the minimum', () => {
    const limit = new AdaptiveLimit({ initial: 9 });
    limit.onOverload();
    expect(limit.value).toBe(4);
    for (let i = 0; i < 5; i++) limit.onOverload();
    expect(limit.value).toBe(1);
  });

  it('halves once per round: overloads of requests sent before the cut are old news', () => {
    const limit = new AdaptiveLimit({ initial: 64 });
    const before = Array.from({ length: 64 }, () => limit.onSent());
    // All 64 time out together (a queue that grew too long): one cut, not six.
    for (const ticket of before) limit.onOverload(ticket);
    expect(limit.value).toBe(32);
    const after = limit.onSent();
    limit.onOverload(after);
    expect(limit.value).toBe(16);
  });

  it('stops growing while more of our requests wait for the server than it tolerates', () => {
    const limit = new AdaptiveLimit({ initial: 16, waitingTolerance: 4 });
    limit.onAdmitted(30, 16, 3);
    expect(limit.value).toBe(17);
    limit.onAdmitted(30, 17, 9);
    expect(limit.value).toBe(17);
    // A first byte later than the best is no reason to hold while nothing of ours waits.
    limit.onAdmitted(30, 17, 0);
    limit.onAdmitted(900, 18, 0);
    expect(limit.value).toBe(19);
  });

  it('cuts to our share of what the server runs when its own queue is long, halving at most', () => {
    const limit = new AdaptiveLimit({ initial: 200, waitingTolerance: 8 });
    // 256 sequences running, 256 waiting: half of what we sent runs; the share keeps an eighth.
    limit.serverQueue(256, 256, 200);
    expect(limit.value).toBe(Math.ceil((200 * (256 + 32)) / (256 + 256)));
    expect(limit.waiting).toBe(256);
    // 3 × the batch waiting: a quarter would fit, but one reading halves at most.
    limit.serverQueue(768, 256, 113);
    expect(limit.value).toBe(56);
    // A queue up to half the batch cuts nothing; above an eighth it holds growth.
    limit.serverQueue(100, 256, 56);
    expect(limit.value).toBe(56);
    limit.onAdmitted(undefined, 56);
    expect(limit.value).toBe(56);
    limit.serverQueue(20, 256, 56);
    limit.onAdmitted(undefined, 56);
    expect(limit.value).toBe(57);
  });

  it("trusts the server's metrics over late first bytes (a busy client reads them late)", () => {
    const limit = new AdaptiveLimit({ initial: 64, waitingTolerance: 8 });
    // Without metrics, 16 of our 64 requests without a first byte mean a queue: no growth.
    limit.onAdmitted(30, 64, 16);
    expect(limit.value).toBe(64);
    // The server says nothing waits and 176 of its sequences run: it has room, so grow.
    limit.serverQueue(0, 176, 64);
    limit.onAdmitted(30, 64, 16);
    expect(limit.value).toBe(65);
    // ... unless half of the limit still has no first byte.
    limit.onAdmitted(30, 65, 34);
    expect(limit.value).toBe(65);
    // Its own queue holds growth as before.
    limit.serverQueue(40, 256, 65);
    limit.onAdmitted(30, 65, 0);
    expect(limit.value).toBe(65);
  });

  it('ignores a late first byte while metrics are read, and steps down on one without them', () => {
    const read = new AdaptiveLimit({ initial: 8, ttftTolerance: 3, ttftSlackMs: 100 });
    const blind = new AdaptiveLimit({ initial: 8, ttftTolerance: 3, ttftSlackMs: 100 });
    read.serverQueue(0, 8, 8);
    for (const limit of [read, blind]) {
      limit.onAdmitted(50, 8);
      limit.onAdmitted(5_000, 9);
    }
    expect(read.value).toBe(10);
    expect(blind.value).toBe(8);
  });

  it('at most doubles between two readings of the metrics, then follows the next reading', () => {
    const limit = new AdaptiveLimit({ initial: 32, max: 1024 });
    limit.serverQueue(0, 32, 32);
    for (let i = 0; i < 200; i++) limit.onAdmitted(20, limit.value);
    expect(limit.value).toBe(64);
    limit.serverQueue(0, 64, 64);
    for (let i = 0; i < 200; i++) limit.onAdmitted(20, limit.value);
    expect(limit.value).toBe(128);
    // Without metrics (a failed reading), slow start is held by our own requests only.
    limit.serverQueue(undefined, undefined, 128);
    for (let i = 0; i < 200; i++) limit.onAdmitted(20, limit.value);
    expect(limit.value).toBe(328);
  });
});

describe('CircuitBreaker', () => {
  const options = { failureThreshold: 3, cooldownMs: 100, maxCooldownMs: 300 };

  it('opens after consecutive failures, probes once after the cool-down, then closes', () => {
    const breaker = new CircuitBreaker(options);
    expect(breaker.onFailure(0)).toBe(false);
    breaker.onFailure(1);
    breaker.onSuccess();
    breaker.onFailure(2);
    breaker.onFailure(3);
    expect(breaker.state(3)).toBe('closed');
    expect(breaker.onFailure(4)).toBe(true);
    expect(breaker.state(50)).toBe('open');
    expect(breaker.canDispatch(50)).toBe(false);
    expect(breaker.state(104)).toBe('half-open');
    expect(breaker.canDispatch(104)).toBe(true);
    breaker.onDispatch(104);
    expect(breaker.canDispatch(105)).toBe(false);
    breaker.onSuccess();
    expect(breaker.state(106)).toBe('closed');
    expect(breaker.canDispatch(106)).toBe(true);
  });

  it('re-opens on a failed probe with a doubled, bounded cool-down', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.onFailure(0);
    breaker.onDispatch(100);
    expect(breaker.onFailure(100)).toBe(true);
    expect(breaker.openUntil).toBe(300);
    breaker.onDispatch(300);
    breaker.onFailure(300);
    expect(breaker.openUntil).toBe(600);
    breaker.onDispatch(600);
    breaker.onFailure(600);
    expect(breaker.openUntil).toBe(900);
  });

  it('frees the probe slot when the probe is cancelled', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.onFailure(0);
    breaker.onDispatch(100);
    breaker.onNeutral();
    expect(breaker.canDispatch(101)).toBe(true);
  });
});
