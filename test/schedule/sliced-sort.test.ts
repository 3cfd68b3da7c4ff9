import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortSliced } from '../../node/schedule/sliced-sort.ts';

function drain<T>(g: Generator<void, T, void>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const step = g.next();
    if (step.done) return { value: step.value, yields };
    yields++;
  }
}

/** A deterministic pseudo-random sequence (xorshift), so a failure reproduces. */
function numbers(seed: number, n: number, range: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % range;
  });
}

test('a sliced sort orders like Array.prototype.sort, stably, for every length around the slice size', () => {
  for (const slice of [1, 2, 3, 7, 64]) {
    for (const n of [0, 1, 2, slice - 1, slice, slice + 1, 2 * slice + 1, 5 * slice, 37 * slice + 3]) {
      if (n < 0) continue;
      // Few distinct keys, so ties are frequent and stability shows.
      const items = numbers(n * 31 + slice, n, 5).map((key, at) => ({ key, at }));
      const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
      assert.deepEqual(drain(sortSliced(items, byKey, slice)).value, [...items].sort(byKey), `n=${n} slice=${slice}`);
    }
  }
});

test('a sliced sort yields between slices of work and leaves its input as it was', () => {
  const items = numbers(7, 10_000, 1_000_000);
  const before = [...items];
  const { value, yields } = drain(sortSliced(items, (a, b) => a - b, 500));
  assert.deepEqual(value, [...before].sort((a, b) => a - b));
  assert.deepEqual(items, before);
  // 20 runs sorted one per slice, then 5 merge passes of 10,000 moves, 2,000 per slice.
  assert.ok(yields >= 20 + 5 * 4, `yielded only ${yields} times`);
});

test('a sliced sort of no more than a slice does not yield', () => {
  assert.equal(drain(sortSliced([3, 1, 2], (a, b) => a - b, 3)).yields, 0);
  assert.throws(() => drain(sortSliced([1], (a, b) => a - b, 0)), RangeError);
});
