import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PoolSpec } from '../../node/schedule/index.ts';
import { Driver, scheduleState } from './harness.ts';

// Swaps are all or nothing: an exchange of two assignments or a move of one, with the
// double-booking and bulkhead rules checked on the result.

const pool = (name: string, capacity: number, reserved: number, borrowLimit: number, flex = false): PoolSpec => ({ name, capacity, reserved, borrowLimit, flex });
const TABLE = [pool('ICU', 2, 2, 0), pool('Clinic', 2, 1, 1), pool('Flex', 1, 0, 0, true)];

function world(): Driver {
  const d = new Driver([
    { id: 'A', name: 'Alpha', pools: TABLE },
    { id: 'B', name: 'Bravo', pools: TABLE },
  ]);
  d.block('b1');
  d.block('b2');
  d.people('p', 6);
  return d;
}

const exchange = (a: string, ab: string, b: string, bb: string) => ({ kind: 'exchange' as const, first: { person: a, block: ab }, second: { person: b, block: bb } });
const move = (person: string, block: string, to: { toPerson?: string; toFacility?: string; toPool?: string }) => ({
  kind: 'move' as const,
  person,
  block,
  toPerson: to.toPerson ?? '',
  toFacility: to.toFacility ?? '',
  toPool: to.toPool ?? '',
});

test('an exchange in one block swaps the two slots atomically and reports both changes', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  d.assign('p2', 'B', 'Clinic', 'b1');
  const out = d.ok(exchange('p1', 'b1', 'p2', 'b1'));
  assert.deepEqual(d.machine.getSchedule('b1')?.assignments, [
    { person: 'p2', facility: 'A', pool: 'ICU', block: 'b1' },
    { person: 'p1', facility: 'B', pool: 'Clinic', block: 'b1' },
  ]);
  assert.ok(out.result.ok);
  if (out.result.ok) {
    assert.deepEqual(
      out.result.changes?.map((c) => c.kind),
      ['unassigned', 'unassigned', 'assigned', 'assigned'],
    );
  }
});

test('an exchange across blocks trades shifts: each person takes the other\'s block and slot', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  d.assign('p2', 'B', 'Clinic', 'b2');
  d.ok(exchange('p1', 'b1', 'p2', 'b2'));
  assert.deepEqual(d.machine.getSchedule('b1')?.assignments, [{ person: 'p2', facility: 'A', pool: 'ICU', block: 'b1' }]);
  assert.deepEqual(d.machine.getSchedule('b2')?.assignments, [{ person: 'p1', facility: 'B', pool: 'Clinic', block: 'b2' }]);
});

test('an exchange that would double-book someone changes nothing', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  d.assign('p2', 'B', 'Clinic', 'b2');
  d.assign('p2', 'B', 'Flex', 'b1'); // p2 already works in b1
  d.refused(exchange('p1', 'b1', 'p2', 'b2'), 'conflict', /person p2 already holds an assignment in block b1: B\/Flex/);
});

test('an exchange needs both assignments and two different people', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  d.refused(exchange('p1', 'b1', 'p2', 'b1'), 'notFound', /person p2 holds no assignment in block b1/);
  d.refused(exchange('p3', 'b1', 'p1', 'b1'), 'notFound', /person p3 holds no assignment in block b1/);
  d.refused(exchange('p1', 'b1', 'p1', 'b2'), 'invalidArgument', /two different people/);
});

test('a move hands an assignment over to a free person', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  d.ok(move('p1', 'b1', { toPerson: 'p3' }));
  assert.deepEqual(d.machine.getSchedule('b1')?.assignments, [{ person: 'p3', facility: 'A', pool: 'ICU', block: 'b1' }]);
  d.assign('p4', 'A', 'Clinic', 'b1');
  d.refused(move('p3', 'b1', { toPerson: 'p4' }), 'conflict', /person p4 already holds an assignment in block b1/);
  d.refused(move('p3', 'b1', { toPerson: 'nobody' }), 'notFound', /person nobody not found/);
});

test('a move to another pool or facility is checked against the bulkheads on the result', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  d.assign('p2', 'A', 'ICU', 'b1');
  d.assign('p3', 'A', 'Clinic', 'b1');
  // ICU holds 2 of 2: moving p3 into it is refused, and p3 stays in Clinic.
  d.refused(move('p3', 'b1', { toPool: 'ICU' }), 'conflict', /pool ICU is full at facility A in block b1/);
  assert.deepEqual(d.counts('b1', 'A'), { ICU: 2, Clinic: 1 });
  // Moving p1 out of ICU frees its seat; the move counts the seat it leaves.
  d.ok(move('p1', 'b1', { toPool: 'Clinic' }));
  d.ok(move('p3', 'b1', { toPool: 'ICU' }));
  assert.deepEqual(d.counts('b1', 'A'), { ICU: 2, Clinic: 1 });
  d.ok(move('p3', 'b1', { toFacility: 'B' }));
  assert.deepEqual(d.counts('b1', 'B'), { ICU: 1 });
  d.refused(move('p3', 'b1', { toFacility: 'Z' }), 'notFound', /facility Z not found/);
  d.refused(move('p3', 'b1', { toPool: 'Spa' }), 'notFound', /pool Spa not found at facility B/);
  d.refused(move('p9', 'b1', { toPool: 'ICU' }), 'notFound', /person p9 holds no assignment in block b1/);
});

test('a move into a pool that must borrow takes a flex seat, and is refused when none is left', () => {
  const d = world();
  d.assign('p1', 'A', 'Clinic', 'b1'); // Clinic: 1 reserved seat used
  d.assign('p2', 'A', 'Flex', 'b1'); // the only Flex seat
  d.assign('p3', 'A', 'ICU', 'b1');
  d.refused(move('p3', 'b1', { toPool: 'Clinic' }), 'conflict', /pool Clinic is full .* flex pool Flex has all 1 seats in use/);
  d.ok({ kind: 'unassign', person: 'p2', block: 'b1' });
  d.ok(move('p3', 'b1', { toPool: 'Clinic' }));
  assert.deepEqual(d.counts('b1', 'A'), { Clinic: 2 });
});

test('a move to the same slot is an accepted no-op', () => {
  const d = world();
  d.assign('p1', 'A', 'ICU', 'b1');
  const before = scheduleState(d.machine);
  const out = d.ok(move('p1', 'b1', { toPool: 'ICU', toFacility: 'A' }));
  assert.equal(scheduleState(d.machine), before);
  assert.equal(out.result.ok && out.result.changes, undefined, 'and reports no change');
});
