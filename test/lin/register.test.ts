import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from './check.ts';
import type { Operation } from './history.ts';
import { registerModel, type RegisterInput, type RegisterOutput, type RegisterValue } from './models/register.ts';
import { bruteForceLinearizable } from './testkit/brute-force.ts';
import { done, timedOut } from './testkit/ops.ts';
import { arbitraryRegisterHistory } from './testkit/random-history.ts';
import { Rng } from './testkit/rng.ts';

type Op = Operation<RegisterInput, RegisterOutput>;
const read = (c: number, call: number, ret: number, value: RegisterValue): Op =>
  done(c, call, ret, { f: 'read' }, { value });
const write = (c: number, call: number, ret: number, value: RegisterValue): Op =>
  done(c, call, ret, { f: 'write', value }, { ok: true });
const cas = (c: number, call: number, ret: number, from: RegisterValue, to: RegisterValue, ok: boolean): Op =>
  done(c, call, ret, { f: 'cas', from, to }, { ok });
const lostWrite = (c: number, call: number, value: RegisterValue): Op => timedOut(c, call, { f: 'write', value });

const linearizable = (history: Op[]) => check(registerModel, history).linearizable;

test('an empty history is linearizable', () => {
  assert.equal(linearizable([]), true);
});

test('a register starts as nil', () => {
  assert.equal(linearizable([read(0, 0, 1, null)]), true);
  assert.equal(linearizable([read(0, 0, 1, 0)]), false);
});

test('a read that returns a value never written is not linearizable', () => {
  assert.equal(linearizable([write(0, 0, 1, 1), read(1, 2, 3, 7)]), false);
});

test('a read after a completed write must not see the older value', () => {
  assert.equal(linearizable([write(0, 0, 1, 1), write(0, 2, 3, 2), read(1, 4, 5, 1)]), false);
  assert.equal(linearizable([write(0, 0, 1, 1), write(0, 2, 3, 2), read(1, 4, 5, 2)]), true);
});

test('a read concurrent with a write may see the old or the new value', () => {
  assert.equal(linearizable([write(0, 0, 1, 1), write(0, 2, 6, 2), read(1, 3, 4, 1)]), true);
  assert.equal(linearizable([write(0, 0, 1, 1), write(0, 2, 6, 2), read(1, 3, 4, 2)]), true);
});

test('two reads cannot see concurrent writes in opposite orders', () => {
  const history = [
    write(0, 0, 10, 1),
    write(1, 0, 10, 2),
    read(2, 1, 2, 1),
    read(2, 3, 4, 2),
    read(3, 1, 2, 2),
    read(3, 3, 4, 1),
  ];
  assert.equal(linearizable(history), false);
});

test('a cas succeeds exactly when the register holds the expected value', () => {
  assert.equal(linearizable([write(0, 0, 1, 1), cas(0, 2, 3, 1, 2, true), read(1, 4, 5, 2)]), true);
  assert.equal(linearizable([write(0, 0, 1, 1), cas(0, 2, 3, 3, 2, true)]), false);
  assert.equal(linearizable([write(0, 0, 1, 1), cas(0, 2, 3, 1, 2, false)]), false);
  assert.equal(linearizable([write(0, 0, 1, 1), cas(0, 2, 3, 3, 2, false), read(1, 4, 5, 1)]), true);
});

test('a timed-out write may take effect long after it was called', () => {
  const history = [lostWrite(0, 0, 1), read(1, 1, 2, null), read(1, 10, 11, null), read(1, 20, 21, 1)];
  assert.equal(linearizable(history), true);
});

test('a timed-out write may never take effect', () => {
  const history = [lostWrite(0, 0, 1), read(1, 5, 6, null), read(1, 20, 21, null)];
  assert.equal(linearizable(history), true);
});

test('a timed-out write cannot take effect before it was called', () => {
  assert.equal(linearizable([read(1, 0, 1, 1), lostWrite(0, 5, 1)]), false);
});

test('a timed-out write takes effect at most once', () => {
  const history = [lostWrite(0, 0, 1), read(1, 1, 2, 1), write(1, 3, 4, 2), read(1, 5, 6, 1)];
  assert.equal(linearizable(history), false);
});

test('a timed-out cas takes effect only if the expected value was there', () => {
  const lostCas = timedOut<RegisterInput, RegisterOutput>(0, 0, { f: 'cas', from: 5, to: 6 });
  assert.equal(linearizable([lostCas, read(1, 1, 2, 6)]), false);
  assert.equal(linearizable([lostCas, write(1, 1, 2, 5), read(1, 3, 4, 6)]), true);
});

test('agrees with an exhaustive search on thousands of small random histories', () => {
  const rng = new Rng(20240607);
  const tally = { true: 0, false: 0 };
  for (let i = 0; i < 3000; i++) {
    const history = arbitraryRegisterHistory(rng, 2 + rng.int(6));
    const expected = bruteForceLinearizable(registerModel, history);
    const got = check(registerModel, history);
    assert.equal(got.linearizable, expected, `history #${i}: ${JSON.stringify(history)}`);
    if (got.linearizable === false) {
      const ops = got.counterexample.operations;
      assert.equal(bruteForceLinearizable(registerModel, ops), false, `counterexample #${i} is linearizable`);
    }
    tally[String(expected) as 'true' | 'false']++;
  }
  // Guard against a generator that only ever produces one kind of history.
  assert.ok(tally.true > 300 && tally.false > 300, JSON.stringify(tally));
});
