import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from './check.ts';
import type { Operation } from './history.ts';
import { noPartition } from './model.ts';
import { kvModel, type KvInput, type KvOutput, type KvValue } from './models/kv.ts';
import { done, timedOut } from './testkit/ops.ts';
import { linearizableKvHistory } from './testkit/random-history.ts';
import { Rng } from './testkit/rng.ts';

type Op = Operation<KvInput, KvOutput>;
const read = (c: number, call: number, ret: number, key: string, value: KvValue | null): Op =>
  done(c, call, ret, { f: 'read', key }, { value });
const write = (c: number, call: number, ret: number, key: string, value: KvValue): Op =>
  done(c, call, ret, { f: 'write', key, value }, { ok: true });
const del = (c: number, call: number, ret: number, key: string): Op =>
  done(c, call, ret, { f: 'delete', key }, { ok: true });
const cas = (c: number, call: number, ret: number, key: string, from: KvValue | null, to: KvValue, ok: boolean): Op =>
  done(c, call, ret, { f: 'cas', key, from, to }, { ok });

const linearizable = (history: Op[]) => check(kvModel, history).linearizable;

test('a key that was never written reads as nil', () => {
  assert.equal(linearizable([write(0, 0, 1, 'a', 'x'), read(1, 2, 3, 'b', null)]), true);
  assert.equal(linearizable([write(0, 0, 1, 'a', 'x'), read(1, 2, 3, 'b', 'x')]), false);
});

test('a delete makes later reads see nil', () => {
  assert.equal(linearizable([write(0, 0, 1, 'a', 'x'), del(0, 2, 3, 'a'), read(1, 4, 5, 'a', null)]), true);
  assert.equal(linearizable([write(0, 0, 1, 'a', 'x'), del(0, 2, 3, 'a'), read(1, 4, 5, 'a', 'x')]), false);
});

test('a cas from nil succeeds only on an absent key', () => {
  assert.equal(linearizable([cas(0, 0, 1, 'a', null, 'x', true), read(1, 2, 3, 'a', 'x')]), true);
  assert.equal(linearizable([write(0, 0, 1, 'a', 'y'), cas(0, 2, 3, 'a', null, 'x', true)]), false);
  assert.equal(linearizable([write(0, 0, 1, 'a', 'y'), del(0, 2, 3, 'a'), cas(0, 4, 5, 'a', null, 'x', true)]), true);
});

test('a timed-out delete may take effect late or never', () => {
  const lostDelete = timedOut<KvInput, KvOutput>(0, 2, { f: 'delete', key: 'a' });
  const late = [write(0, 0, 1, 'a', 'x'), lostDelete, read(1, 3, 4, 'a', 'x'), read(1, 9, 10, 'a', null)];
  const never = [write(0, 0, 1, 'a', 'x'), lostDelete, read(1, 3, 4, 'a', 'x'), read(1, 9, 10, 'a', 'x')];
  assert.equal(linearizable(late), true);
  assert.equal(linearizable(never), true);
  // ...but once it has taken effect it cannot be undone.
  assert.equal(linearizable([...late, read(1, 11, 12, 'a', 'x')]), false);
});

test('the history is checked per key, one partition per key', () => {
  const history = [write(0, 0, 1, 'a', 1), write(0, 2, 3, 'b', 2), read(1, 4, 5, 'a', 1), read(1, 6, 7, 'c', null)];
  assert.deepEqual(
    kvModel.partition(history).map((p) => [p.label, p.history.length]),
    [
      ['a', 2],
      ['b', 1],
      ['c', 1],
    ],
  );
});

test('a non-linearizable key among linearizable ones is found and named', () => {
  const history: Op[] = [];
  for (const [i, key] of ['mon/icu', 'tue/icu', 'wed/icu', 'thu/icu'].entries()) {
    history.push(write(i, 10 * i, 10 * i + 2, key, `dr-${i}`), read(i, 10 * i + 3, 10 * i + 4, key, `dr-${i}`));
  }
  // tue/icu: a read that follows an overwrite sees the overwritten value.
  history.push(write(9, 50, 51, 'tue/icu', 'dr-9'), read(8, 52, 53, 'tue/icu', 'dr-1'));
  const result = check(kvModel, history);
  assert.equal(result.linearizable, false);
  assert.ok(result.linearizable === false);
  assert.equal(result.counterexample.partition, 'tue/icu');
  assert.ok(result.counterexample.operations.every((op) => op.input.key === 'tue/icu'));
});

test('checking per key gives the same verdict as checking the whole map at once', () => {
  const whole = { ...kvModel, partition: noPartition<KvInput, KvOutput> };
  const rng = new Rng(7);
  const verdicts = new Set<boolean | string>();
  for (let i = 0; i < 200; i++) {
    const history = linearizableKvHistory(rng, { count: 12, clients: 3, keys: 2, timeoutRate: 0.1 });
    // Corrupt one read in half the histories so both verdicts occur.
    const reads = history.filter((op) => op.input.f === 'read' && op.output !== undefined);
    if (i % 2 === 1 && reads.length > 0) rng.pick(reads).output = { value: 999 };
    const partitioned = check(kvModel, history).linearizable;
    assert.equal(partitioned, check(whole, history).linearizable, JSON.stringify(history));
    verdicts.add(partitioned);
  }
  assert.deepEqual([...verdicts].sort(), [false, true]);
});

test('a history of several thousand operations over many keys is checked in seconds', () => {
  const history = linearizableKvHistory(new Rng(42), { count: 5000, clients: 10, keys: 40, timeoutRate: 0.05 });
  const started = performance.now();
  const result = check(kvModel, history, { timeoutMs: 10_000 });
  const elapsed = performance.now() - started;
  assert.equal(result.linearizable, true);
  assert.ok(elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
});
