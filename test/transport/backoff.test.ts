import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from '../../node/transport/backoff.ts';

// node/transport/backoff.ts: the one backoff rule, used by the peer links and rosterctl.

const rounds = [1, 2, 3, 4, 5, 6, 7, 8];

test('the nominal delay grows by the multiplier from initialMs and stops at maxMs', () => {
  const o: BackoffOptions = { initialMs: 10, maxMs: 500, multiplier: 3, jitter: 0 };
  assert.deepEqual(rounds.map((n) => backoffDelayMs(n, o, Math.random)), [10, 30, 90, 270, 500, 500, 500, 500]);
});

test('jitter takes up to that fraction off the nominal delay, never adds to it', () => {
  const o: BackoffOptions = { initialMs: 100, maxMs: 1000, multiplier: 2, jitter: 0.25 };
  assert.deepEqual(rounds.map((n) => backoffDelayMs(n, o, () => 0)), [75, 150, 300, 600, 750, 750, 750, 750]);
  assert.deepEqual(rounds.map((n) => backoffDelayMs(n, o, () => 0.999999)), [100, 200, 400, 800, 1000, 1000, 1000, 1000]);
});

test('the peer links reconnect after 40-50 ms at first, and never wait more than 2 s', () => {
  assert.deepEqual([backoffDelayMs(1, DEFAULT_BACKOFF, () => 0), backoffDelayMs(1, DEFAULT_BACKOFF, () => 0.999999)], [40, 50]);
  for (let attempt = 1; attempt <= 40; attempt++) {
    const d = backoffDelayMs(attempt, DEFAULT_BACKOFF, Math.random);
    assert.ok(d >= 0 && d <= DEFAULT_BACKOFF.maxMs, `attempt ${attempt}: ${d} ms`);
  }
});

test('attempt numbers below 1 are treated as the first retry', () => {
  const o: BackoffOptions = { initialMs: 20, maxMs: 100, multiplier: 2, jitter: 0 };
  assert.equal(backoffDelayMs(0, o, Math.random), 20);
  assert.equal(backoffDelayMs(-3, o, Math.random), 20);
});
