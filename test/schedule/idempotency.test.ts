import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_REMEMBERED_REQUESTS, REQUEST_RETENTION_MS, ScheduleMachine } from '../../node/schedule/index.ts';
import type { Command, Facility, MachineOptions, Op } from '../../node/schedule/index.ts';
import { Driver, T0, scheduleState } from './harness.ts';

// Idempotency (node/schedule/requests.ts): a request id is applied at most once and a
// retry gets the first outcome, for as long as the id is remembered; the memory is
// replicated state, carried in snapshots.

const FACILITIES: Facility[] = [{ id: 'A', name: 'Alpha', pools: ['ICU', 'Clinic', 'Flex'] }];

function world(options: MachineOptions = {}): Driver {
  const d = new Driver(FACILITIES, options);
  d.block('b1');
  d.people('p', 3);
  return d;
}

const assignOp = (person: string, pool = 'ICU'): Op => ({ kind: 'assign', assignment: { person, facility: 'A', pool, block: 'b1' } });
const cmd = (requestId: string, op: Op, timestampMs: number, extra: Partial<Command> = {}): Command => ({ requestId, issuer: 'A', timestampMs, op, ...extra });

test('the retention limits are the documented ones', () => {
  assert.equal(REQUEST_RETENTION_MS, 24 * 60 * 60 * 1000);
  assert.equal(MAX_REMEMBERED_REQUESTS, 50_000);
});

test('a retry with the same request id returns the first outcome and is not applied again', () => {
  const d = world();
  const first = d.applyCommand(cmd('req-1', assignOp('p1'), d.now));
  const firstIndex = d.index;
  assert.deepEqual(first.result, { ok: true, detail: 'assigned p1 -> A/ICU in block b1', appliedAt: firstIndex, changes: (first.result as { changes: unknown }).changes });
  d.ok({ kind: 'unassign', person: 'p1', block: 'b1' });
  const schedule = scheduleState(d.machine);
  const record = d.machine.requestRecord('req-1');
  // The retry arrives through another leader, later: it must not assign p1 again.
  const retry = d.applyCommand(cmd('req-1', assignOp('p1'), d.now + 5_000, { issuer: 'B' }));
  assert.equal(retry.result.ok, true);
  assert.equal(retry.result.duplicate, true);
  assert.equal(retry.result.appliedAt, firstIndex);
  assert.equal(retry.result.ok && retry.result.detail, 'assigned p1 -> A/ICU in block b1');
  assert.deepEqual(d.machine.getSchedule('b1')?.assignments, [], 'applied once: p1 stays unassigned');
  assert.equal(scheduleState(d.machine), schedule, 'a retry changes nothing in the schedule');
  assert.deepEqual(d.machine.requestRecord('req-1'), record, 'a retry keeps the first record, not a new one');
});

test('a retried exchange (its own inverse) is applied exactly once', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  d.assign('p2', 'A', 'Clinic', 'b1');
  const swap: Op = { kind: 'exchange', first: { person: 'p1', block: 'b1' }, second: { person: 'p2', block: 'b1' } };
  for (let attempt = 0; attempt < 3; attempt++) d.applyCommand(cmd('swap-1', swap, d.now + attempt));
  const pools = Object.fromEntries((d.machine.getSchedule('b1')?.assignments ?? []).map((a) => [a.person, a.pool]));
  assert.deepEqual(pools, { p1: 'Clinic', p2: 'ICU' }, 'swapped once (twice would undo it)');
});

test('a refusal is the first outcome too: the retry is refused the same way even after the obstacle is gone', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  const refused = d.applyCommand(cmd('req-2', assignOp('p1', 'Clinic'), d.now));
  assert.equal(refused.result.ok, false);
  d.ok({ kind: 'unassign', person: 'p1', block: 'b1' });
  const retry = d.applyCommand(cmd('req-2', assignOp('p1', 'Clinic'), d.now));
  assert.equal(retry.result.ok, false);
  assert.equal(retry.result.duplicate, true);
  assert.equal(!retry.result.ok && retry.result.message, !refused.result.ok && refused.result.message);
  assert.deepEqual(d.machine.getSchedule('b1')?.assignments, []);
});

test('a request id reused for a different command is refused and changes nothing', () => {
  const d = world();
  d.applyCommand(cmd('req-3', assignOp('p1'), d.now));
  const before = d.machine.getSchedule('b1');
  const other = d.applyCommand(cmd('req-3', assignOp('p2'), d.now));
  assert.equal(other.result.ok, false);
  assert.match(!other.result.ok ? other.result.message : '', /request id req-3 was already used at index \d+ for a different command/);
  assert.deepEqual(d.machine.getSchedule('b1'), before);
  // Lock tokens are part of the command: the same op with other tokens is another command.
  const withToken = d.applyCommand(cmd('req-3', assignOp('p1'), d.now, { lockTokens: [7] }));
  assert.equal(withToken.result.ok, false);
});

test('commands refused by validation are not remembered and change nothing: the id stays free', () => {
  const d = world();
  const before = d.machine.snapshot();
  // Later than the log clock: only validation stops it from advancing the clock.
  const invalid = d.applyCommand(cmd('req-4', { kind: 'addBlock', block: { id: 'b2', start: '2026-02-30', end: '2026-03-01' } }, d.now + 1_000));
  assert.equal(invalid.result.ok, false);
  assert.deepEqual(d.machine.snapshot(), before, 'not the schedule, the request memory or the log clock');
  assert.equal(d.machine.requestRecord('req-4'), undefined);
  assert.equal(d.applyCommand(cmd('req-4', assignOp('p1'), d.now)).result.ok, true);
});

test('request ids survive a snapshot install', () => {
  const d = world();
  d.applyCommand(cmd('req-5', assignOp('p1'), d.now));
  d.ok({ kind: 'unassign', person: 'p1', block: 'b1' });
  const machine = ScheduleMachine.restore(FACILITIES, d.machine.snapshot());
  const retry = machine.apply(cmd('req-5', assignOp('p1'), d.now + 1), d.index + 1);
  assert.equal(retry.result.duplicate, true);
  assert.deepEqual(machine.getSchedule('b1')?.assignments, []);
  assert.deepEqual(machine.requestRecord('req-5'), d.machine.requestRecord('req-5'));
});

test('retention by count: beyond maxRecords the oldest ids are forgotten, in snapshots too, and then apply anew', () => {
  const d = world({ retention: { retentionMs: REQUEST_RETENTION_MS, maxRecords: 3 } });
  // world() used 4 ids (r1..r4) already; only the 3 latest are kept.
  d.applyCommand(cmd('keep-1', assignOp('p1'), d.now));
  assert.ok(d.machine.requestRecord('r3'));
  d.applyCommand(cmd('keep-2', { kind: 'unassign', person: 'p1', block: 'b1' }, d.now));
  assert.equal(d.machine.requestRecord('r3'), undefined, 'the oldest id is forgotten by the apply that exceeds the bound');
  const restored = ScheduleMachine.restore(FACILITIES, d.machine.snapshot());
  assert.equal(restored.requestRecord('r3'), undefined, 'and is not in the snapshot');
  assert.ok(restored.requestRecord('keep-2'));
  d.applyCommand(cmd('keep-3', assignOp('p2'), d.now));
  d.applyCommand(cmd('keep-4', assignOp('p3'), d.now));
  assert.equal(d.machine.requestRecord('keep-1'), undefined);
  assert.ok(d.machine.requestRecord('keep-4'));
  // keep-1 is forgotten: its retry is a new command, applied again.
  const again = d.applyCommand(cmd('keep-1', assignOp('p1'), d.now));
  assert.equal(again.result.duplicate, undefined);
  assert.equal(again.result.ok, true);
  assert.equal(d.machine.getSchedule('b1')?.assignments.length, 3);
});

test('retention by age: an id is forgotten once the log clock is more than retentionMs past its first apply', () => {
  const d = world({ retention: { retentionMs: 10_000, maxRecords: 100 } });
  d.applyCommand(cmd('old', assignOp('p1'), T0));
  d.applyCommand(cmd('tick-1', { kind: 'unassign', person: 'p1', block: 'b1' }, T0 + 10_000));
  assert.ok(d.machine.requestRecord('old'), 'exactly retentionMs later it is still remembered');
  d.applyCommand(cmd('tick-2', assignOp('p2'), T0 + 10_001));
  assert.equal(d.machine.requestRecord('old'), undefined);
  assert.ok(d.machine.requestRecord('tick-2'));
});

test('the retention rule is deterministic: two machines fed the same log forget the same ids', () => {
  const options = { retention: { retentionMs: 3_000, maxRecords: 5 } };
  const a = world(options);
  const b = world(options);
  for (let i = 0; i < 40; i++) {
    const c = cmd(`r-${i % 9}`, i % 2 ? assignOp(`p${1 + (i % 3)}`) : { kind: 'unassign', person: `p${1 + (i % 3)}`, block: 'b1' }, T0 + i * 700);
    assert.deepEqual(b.applyCommand(c), a.applyCommand(c));
  }
  assert.deepEqual(b.machine.snapshot(), a.machine.snapshot());
});
