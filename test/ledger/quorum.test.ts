import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commitQuorum, faultsTolerated } from '../../node/ledger/index.ts';

test('the quorum rule: q = max(2f+1, floor(n/2)+1) with f = floor((n-1)/3), for n = 1..7', () => {
  const table = [1, 2, 3, 4, 5, 6, 7].map((n) => [n, faultsTolerated(n), commitQuorum(n)]);
  assert.deepEqual(table, [
    [1, 0, 1],
    [2, 0, 2],
    [3, 0, 2],
    [4, 1, 3],
    [5, 1, 3],
    [6, 1, 4],
    [7, 2, 5],
  ]);
});

test('no facility ever commits alone once there are two or more, and q is always a majority', () => {
  for (let n = 2; n <= 100; n++) {
    const q = commitQuorum(n);
    assert.ok(q >= 2, `n=${n}`);
    assert.ok(2 * q > n, `two quorums of n=${n} always share a facility`);
    assert.ok(q <= n, `n=${n}: q is reachable`);
  }
});

test('a facility count that is not a positive integer is refused', () => {
  assert.throws(() => commitQuorum(0), RangeError);
  assert.throws(() => commitQuorum(2.5), RangeError);
});
