import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, MalformedHistoryError } from './check.ts';
import { formatCounterexample } from './format.ts';
import { PENDING, type Operation } from './history.ts';
import { inCallOrder, prefixBeforeCall } from './minimize.ts';
import { registerModel, type RegisterInput, type RegisterOutput } from './models/register.ts';
import { done, timedOut } from './testkit/ops.ts';
import { arbitraryRegisterHistory, linearizableRegisterHistory } from './testkit/random-history.ts';
import { Rng } from './testkit/rng.ts';

type Op = Operation<RegisterInput, RegisterOutput>;

/** A long, healthy run of writes and reads by two clients, with one stale read in the middle. */
function historyWithOneStaleRead(): { history: Op[]; stale: Op } {
  const history: Op[] = [];
  let stale: Op | undefined;
  let t = 0;
  for (let v = 1; v <= 40; v++) {
    history.push(done(0, t, t + 2, { f: 'write', value: v }, { ok: true }));
    history.push(done(1, t + 1, t + 3, { f: 'read' }, { value: v === 1 ? null : v - 1 }));
    t += 4;
    if (v === 20) {
      stale = done(1, t, t + 1, { f: 'read' }, { value: 3 });
      history.push(stale);
      t += 2;
    }
  }
  return { history, stale: stale! };
}

test('a counterexample is shorter than the failing history and is itself not linearizable', () => {
  const { history, stale } = historyWithOneStaleRead();
  const result = check(registerModel, history);
  assert.ok(result.linearizable === false, 'the stale read must be caught');
  const { operations, partitionSize, shrunkFully } = result.counterexample;
  assert.equal(partitionSize, history.length);
  assert.ok(shrunkFully);
  assert.ok(operations.length < history.length / 2, `${operations.length} of ${history.length} operations`);
  assert.ok(operations.includes(stale), 'the stale read is the evidence');
  assert.equal(check(registerModel, operations).linearizable, false);
  // Nothing after the stale read is needed.
  assert.ok(operations.every((op) => op.call <= stale.call));
});

test('linearizability is prefix-closed under the cut used for shrinking', () => {
  const rng = new Rng(99);
  for (let i = 0; i < 40; i++) {
    const history = linearizableRegisterHistory(rng, { count: 40, clients: 4, timeoutRate: 0.1 });
    const byCall = inCallOrder(history);
    for (let k = 0; k <= byCall.length; k += 5) {
      assert.equal(check(registerModel, prefixBeforeCall(byCall, k)).linearizable, true, `prefix ${k} of #${i}`);
    }
  }
});

test('every counterexample of random histories fails and lies within the shortest failing prefix', () => {
  const rng = new Rng(5);
  let failures = 0;
  for (let i = 0; i < 400; i++) {
    const history = arbitraryRegisterHistory(rng, 8 + rng.int(5));
    const result = check(registerModel, history);
    if (result.linearizable !== false) continue;
    failures++;
    const { operations } = result.counterexample;
    assert.equal(check(registerModel, operations).linearizable, false);
    assert.ok(operations.length <= history.length);
    // The shrinking starts from the shortest failing cut, found here by linear scan.
    const byCall = inCallOrder(history);
    let k = 1;
    while (check(registerModel, prefixBeforeCall(byCall, k), { minimize: false }).linearizable !== false) k++;
    assert.ok(operations.length <= k, `${operations.length} > ${k}`);
    const cutCall = byCall[k - 1]!.call;
    assert.ok(operations.every((op) => op.call <= cutCall), JSON.stringify(history));
  }
  assert.ok(failures > 100, `only ${failures} failing histories`);
});

test('a counterexample prints one operation per line with client, interval and outcome', () => {
  const history: Op[] = [
    done(7, 0, 1, { f: 'write', value: 1 }, { ok: true }),
    timedOut(8, 2, { f: 'cas', from: 1, to: 2 }),
    done(9, 3, 4, { f: 'read' }, { value: 5 }),
  ];
  const result = check(registerModel, history);
  assert.ok(result.linearizable === false);
  const text = formatCounterexample(registerModel, result.counterexample);
  const lines = text.split('\n');
  assert.match(lines[0]!, /shortest failing sub-history found: \d+ of 3 operations/);
  assert.ok(lines.some((l) => /client 9\s+\[3, 4\]\s+read\(\) -> 5/.test(l)), text);
  assert.ok(lines.slice(1).every((l) => /client \d+\s+\[\d+, (\d+|∞)\]/.test(l)), text);
});

test('a check that runs out of time answers unknown instead of guessing', () => {
  // Twenty concurrent writes then two reads no order can satisfy: refuting it means
  // visiting every subset of the writes, far more than 50 ms of work.
  const history: Op[] = [];
  for (let v = 1; v <= 20; v++) history.push(done(v, 0, 100, { f: 'write', value: v }, { ok: true }));
  history.push(done(0, 101, 102, { f: 'read' }, { value: 1 }), done(0, 103, 104, { f: 'read' }, { value: 2 }));
  const started = performance.now();
  const result = check(registerModel, history, { timeoutMs: 50 });
  assert.equal(result.linearizable, 'unknown');
  assert.ok(performance.now() - started < 2000);
});

test('a malformed history is rejected rather than judged', () => {
  const backwards = [done(0, 5, 4, { f: 'read' }, { value: null })] as Op[];
  assert.throws(() => check(registerModel, backwards), MalformedHistoryError);
  const noOutput: Op[] = [{ clientId: 0, call: 0, return: 1, input: { f: 'read' } }];
  assert.throws(() => check(registerModel, noOutput), /completed but has no output/);
  const pendingWithoutOutput: Op[] = [{ clientId: 0, call: 0, return: PENDING, input: { f: 'read' } }];
  assert.equal(check(registerModel, pendingWithoutOutput).linearizable, true);
});

test('a single-register history of several thousand operations is checked in seconds', () => {
  const history = linearizableRegisterHistory(new Rng(3), { count: 3000, clients: 5, timeoutRate: 0.02 });
  let started = performance.now();
  assert.equal(check(registerModel, history, { timeoutMs: 20_000 }).linearizable, true);
  const linearizableMs = performance.now() - started;

  const reads = history.filter((op) => op.input.f === 'read' && op.output !== undefined);
  reads[Math.floor(reads.length * 0.6)]!.output = { value: -1 };
  started = performance.now();
  const result = check(registerModel, history, { timeoutMs: 20_000, minimize: false });
  const violationMs = performance.now() - started;
  assert.equal(result.linearizable, false);
  // Generous, as CI machines are shared: a regression here is minutes, not milliseconds.
  assert.ok(linearizableMs < 10_000 && violationMs < 10_000, `${linearizableMs.toFixed(0)} / ${violationMs.toFixed(0)} ms`);
});
