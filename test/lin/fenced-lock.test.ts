import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from './check.ts';
import { PENDING, type Operation } from './history.ts';
import { fencedLockModel, type FencedLockInput, type FencedLockOutput } from './models/fenced-lock.ts';
import { bruteForceLinearizable } from './testkit/brute-force.ts';
import { done, timedOut } from './testkit/ops.ts';
import { Rng } from './testkit/rng.ts';

type Op = Operation<FencedLockInput, FencedLockOutput>;
const LOCK = 'ward-3';
const grant = (c: string, call: number, ret: number, token: number, lock = LOCK): Op =>
  done(c, call, ret, { f: 'acquire', lock, client: c }, { ok: true, token });
const refuse = (c: string, call: number, ret: number): Op =>
  done(c, call, ret, { f: 'acquire', lock: LOCK, client: c }, { ok: false });
const release = (c: string, call: number, ret: number, token: number, ok = true): Op =>
  done(c, call, ret, { f: 'release', lock: LOCK, client: c, token }, { ok });
const write = (c: string, call: number, ret: number, token: number, value: string, ok: boolean, lock = LOCK): Op =>
  done(c, call, ret, { f: 'write', lock, key: 'rota', value, token }, { ok });
const read = (c: string, call: number, ret: number, value: string | null): Op =>
  done(c, call, ret, { f: 'read', lock: LOCK, key: 'rota' }, { value });

const linearizable = (history: Op[]) => check(fencedLockModel, history).linearizable;

test('a write with the holder’s token is accepted and visible to later reads', () => {
  assert.equal(linearizable([grant('a', 0, 1, 1), write('a', 2, 3, 1, 'v1', true), read('b', 4, 5, 'v1')]), true);
});

test('a stale token’s write accepted after a newer grant is caught', () => {
  const history = [
    grant('a', 0, 1, 1),
    release('a', 2, 3, 1), // or a lease expiry, recorded as the holder's release
    grant('b', 4, 5, 2),
    write('a', 6, 7, 1, 'stale', true),
  ];
  assert.equal(linearizable(history), false);
  // The same write refused is exactly what fencing is for.
  history[3] = write('a', 6, 7, 1, 'stale', false);
  assert.equal(linearizable(history), true);
});

test('a write racing a newer grant may take effect before it, but not after it', () => {
  const handover = [grant('a', 0, 1, 1), release('a', 2, 4, 1), grant('b', 5, 7, 2)];
  assert.equal(linearizable([...handover, write('a', 2, 6, 1, 'x', true)]), true);
  assert.equal(linearizable([...handover, write('a', 8, 9, 1, 'x', true)]), false);
});

test('a write after the lock was released is refused, even with the last token', () => {
  const released = [grant('a', 0, 1, 1), release('a', 2, 3, 1)];
  assert.equal(linearizable([...released, write('a', 4, 5, 1, 'late', true)]), false);
  assert.equal(linearizable([...released, write('a', 4, 5, 1, 'late', false)]), true);
});

test('the current holder’s write cannot be refused', () => {
  assert.equal(linearizable([grant('a', 0, 1, 1), write('a', 2, 3, 1, 'v', false)]), false);
});

test('tokens strictly increase across grants', () => {
  assert.equal(linearizable([grant('a', 0, 1, 5), release('a', 2, 3, 5), grant('b', 4, 5, 5)]), false);
  assert.equal(linearizable([grant('a', 0, 1, 5), release('a', 2, 3, 5), grant('b', 4, 5, 9)]), true);
});

test('acquire fails while another client holds the lock, and succeeds when it is free', () => {
  assert.equal(linearizable([grant('a', 0, 1, 1), grant('b', 2, 3, 2)]), false);
  assert.equal(linearizable([grant('a', 0, 1, 1), refuse('b', 2, 3)]), true);
  assert.equal(linearizable([refuse('b', 0, 1)]), false);
});

test('a release with a stale token is refused and leaves the lock held', () => {
  const history = [grant('a', 0, 1, 1), release('a', 2, 3, 1), grant('a', 4, 5, 2), release('a', 6, 7, 1, false)];
  assert.equal(linearizable([...history, refuse('b', 8, 9)]), true);
  assert.equal(linearizable([...history, grant('b', 8, 9, 3)]), false);
});

test('a timed-out acquire may have taken effect: a later acquire by another client may be refused', () => {
  const lost = timedOut<FencedLockInput, FencedLockOutput>('a', 0, { f: 'acquire', lock: LOCK, client: 'a' });
  assert.equal(linearizable([lost, refuse('b', 5, 6)]), true);
});

test('a timed-out acquire may never take effect', () => {
  const lost = timedOut<FencedLockInput, FencedLockOutput>('a', 0, { f: 'acquire', lock: LOCK, client: 'a' });
  assert.equal(linearizable([lost, grant('b', 5, 6, 1), write('b', 7, 8, 1, 'v', true)]), true);
});

test('a grant whose reply was lost still supersedes older tokens', () => {
  const history = [
    grant('a', 0, 1, 1),
    release('a', 2, 3, 1),
    timedOut<FencedLockInput, FencedLockOutput>('b', 4, { f: 'acquire', lock: LOCK, client: 'b' }),
    refuse('c', 5, 6), // so b's grant has happened by 6
    write('a', 7, 8, 1, 'stale', true),
  ];
  assert.equal(linearizable(history), false);
});

test('locks are checked independently, and a violation names its lock', () => {
  const history = [
    grant('a', 0, 1, 1, 'ward-1'),
    write('a', 2, 3, 1, 'ok', true, 'ward-1'),
    grant('b', 0, 1, 1, 'ward-2'),
    write('c', 2, 3, 7, 'forged', true, 'ward-2'),
  ];
  const result = check(fencedLockModel, history);
  assert.ok(result.linearizable === false);
  assert.equal(result.counterexample.partition, 'ward-2');
});

test('agrees with an exhaustive search on small random lock histories', () => {
  const rng = new Rng(11);
  const clients = ['a', 'b'];
  const tally = { true: 0, false: 0 };
  for (let i = 0; i < 1500; i++) {
    const history: Op[] = Array.from({ length: 2 + rng.int(5) }, (_, j) => {
      const client = rng.pick(clients);
      const call = rng.int(8);
      const ret = rng.next() < 0.15 ? PENDING : call + rng.int(4);
      const token = 1 + rng.int(3);
      const ok = rng.next() < 0.7;
      const kind = rng.int(4);
      const [input, output]: [FencedLockInput, FencedLockOutput] =
        kind === 0
          ? [{ f: 'acquire', lock: LOCK, client }, ok ? { ok: true, token } : { ok: false }]
          : kind === 1
            ? [{ f: 'release', lock: LOCK, client, token }, { ok }]
            : kind === 2
              ? [{ f: 'write', lock: LOCK, key: 'rota', value: `v${j}`, token }, { ok }]
              : [{ f: 'read', lock: LOCK, key: 'rota' }, { value: rng.pick([null, 'v0', 'v1', 'v2']) }];
      return { clientId: client, call, return: ret, input, ...(ret === PENDING ? {} : { output }) };
    });
    const expected = bruteForceLinearizable(fencedLockModel, history);
    assert.equal(check(fencedLockModel, history).linearizable, expected, JSON.stringify(history));
    tally[String(expected) as 'true' | 'false']++;
  }
  assert.ok(tally.true > 100 && tally.false > 100, JSON.stringify(tally));
});
