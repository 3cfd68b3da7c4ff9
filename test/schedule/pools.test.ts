import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_POOL_TABLE, ScheduleMachine, UNLISTED_POOL_SEATS } from '../../node/schedule/index.ts';
import { checkPoolRules, poolUsage } from '../../node/schedule/pools.ts';
import type { Facility, PoolSpec } from '../../node/schedule/index.ts';
import { seededRandom } from './fixtures.ts';
import { Driver } from './harness.ts';

// The bulkhead rules of node/schedule/pools.ts, one at a time (R1 capacity, R2 borrow
// limit, R3 flex seats, R4 flex reserve), and the guarantee they add up to: a surge in one
// pool never takes another pool's reserved seats.

const pool = (name: string, capacity: number, reserved: number, borrowLimit: number, flex = false): PoolSpec => ({ name, capacity, reserved, borrowLimit, flex });

function facilities(pools: readonly PoolSpec[]): Facility[] {
  return [
    { id: 'A', name: 'Alpha', pools },
    { id: 'B', name: 'Bravo', pools },
  ];
}

/** A driver with blocks b1, b2 and `n` people per prefix. */
function world(pools: readonly (string | PoolSpec)[] = ['ICU', 'Clinic', 'Procedures', 'Flex']): Driver {
  const d = new Driver([
    { id: 'A', name: 'Alpha', pools },
    { id: 'B', name: 'Bravo', pools },
  ]);
  d.block('b1');
  d.block('b2');
  return d;
}

test('the default pool table is ICU 6 (5 reserved, borrows 1), Clinic 8/7/1, Procedures 4/3/1 and Flex 2, the flex pool', () => {
  assert.deepEqual(DEFAULT_POOL_TABLE, [
    pool('ICU', 6, 5, 1),
    pool('Clinic', 8, 7, 1),
    pool('Procedures', 4, 3, 1),
    pool('Flex', 2, 0, 0, true),
  ]);
  const machine = new ScheduleMachine([{ id: 'A', name: 'A', pools: ['ICU', 'OR', 'Flex'] }]);
  assert.deepEqual(machine.getPools('A')?.pools, [pool('ICU', 6, 5, 1), pool('OR', UNLISTED_POOL_SEATS, UNLISTED_POOL_SEATS, 0), pool('Flex', 2, 0, 0, true)]);
  assert.equal(machine.getPools('A')?.custom, false);
});

test('R1 capacity: a pool never holds more than its capacity, and the refusal names the pool and what is left', () => {
  const d = world();
  const icu = d.people('icu', 7);
  for (const p of icu.slice(0, 6)) assert.equal(d.assign(p, 'A', 'ICU', 'b1').result.ok, true);
  const message = d.refused(
    { kind: 'assign', assignment: { person: 'icu7', facility: 'A', pool: 'ICU', block: 'b1' } },
    'conflict',
    /^pool ICU is full at facility A in block b1: 6 of its capacity 6 assigned/,
  );
  assert.match(message, /left at facility A in block b1: ICU 0, Clinic 8, Procedures 4, Flex 1/);
});

test('R2 borrow limit: beyond its reserved seats a pool borrows at most borrowLimit flex seats, even below its capacity', () => {
  const d = world([pool('ICU', 10, 5, 1), pool('Clinic', 8, 7, 1), pool('Flex', 4, 0, 0, true)]);
  const icu = d.people('icu', 7);
  for (const p of icu.slice(0, 6)) assert.equal(d.assign(p, 'A', 'ICU', 'b1').result.ok, true);
  d.refused(
    { kind: 'assign', assignment: { person: 'icu7', facility: 'A', pool: 'ICU', block: 'b1' } },
    'conflict',
    /^pool ICU is full at facility A in block b1: its 5 reserved seats are taken and it already borrows 1 of the 1 flex seats it may borrow/,
  );
  assert.deepEqual(d.counts('b1', 'A'), { ICU: 6 });
});

test('R3 flex seats: people assigned to the flex pool and seats it lends share its capacity', () => {
  const d = world([pool('ICU', 6, 5, 1), pool('Clinic', 8, 7, 1), pool('Procedures', 4, 3, 1), pool('Flex', 2, 0, 0, true)]);
  const icu = d.people('icu', 6);
  const cl = d.people('cl', 8);
  const pr = d.people('pr', 4);
  const fl = d.people('fl', 2);
  for (const p of icu) assert.equal(d.assign(p, 'A', 'ICU', 'b1').result.ok, true); // borrows 1
  for (const p of cl) assert.equal(d.assign(p, 'A', 'Clinic', 'b1').result.ok, true); // borrows 1: Flex is now all lent
  for (const p of pr.slice(0, 3)) assert.equal(d.assign(p, 'A', 'Procedures', 'b1').result.ok, true); // own seats only
  d.refused(
    { kind: 'assign', assignment: { person: 'pr4', facility: 'A', pool: 'Procedures', block: 'b1' } },
    'conflict',
    /^pool Procedures is full at facility A in block b1: its reserved seats are taken and the flex pool Flex has all 2 seats in use \(0 assigned to Flex, 2 lent to other pools\)/,
  );
  d.refused(
    { kind: 'assign', assignment: { person: 'fl1', facility: 'A', pool: 'Flex', block: 'b1' } },
    'conflict',
    /Flex .*full/,
  );
  // Giving a seat back to Flex lets a flex assignment in.
  d.ok({ kind: 'unassign', person: 'cl8', block: 'b1' });
  assert.equal(d.assign('fl1', 'A', 'Flex', 'b1').result.ok, true);
  d.refused({ kind: 'assign', assignment: { person: 'fl2', facility: 'A', pool: 'Flex', block: 'b1' } }, 'conflict', /Flex/);
});

test('R4 flex reserve: the flex pool never lends its own reserved seats', () => {
  const d = world([pool('ICU', 6, 5, 1), pool('Clinic', 8, 7, 1), pool('Flex', 2, 1, 0, true)]);
  const icu = d.people('icu', 6);
  const cl = d.people('cl', 8);
  d.people('fl', 1);
  for (const p of icu) assert.equal(d.assign(p, 'A', 'ICU', 'b1').result.ok, true); // borrows the one lendable seat
  for (const p of cl.slice(0, 7)) assert.equal(d.assign(p, 'A', 'Clinic', 'b1').result.ok, true);
  d.refused(
    { kind: 'assign', assignment: { person: 'cl8', facility: 'A', pool: 'Clinic', block: 'b1' } },
    'conflict',
    /^pool Clinic is full at facility A in block b1: its reserved seats are taken and the flex pool Flex has lent all 1 seats it may lend \(1 of its 2 are reserved for itself\)/,
  );
  // The reserved flex seat is still there for the flex pool itself.
  assert.equal(d.assign('fl1', 'A', 'Flex', 'b1').result.ok, true);
});

test('a surge in ICU never takes Clinic below its reserve, even when ICU may borrow every flex seat', () => {
  // ICU may borrow up to 10, far more than Flex has: the surge takes all of Flex but no Clinic seat.
  const d = world([pool('ICU', 20, 5, 10), pool('Clinic', 8, 7, 1), pool('Procedures', 4, 3, 1), pool('Flex', 3, 0, 0, true)]);
  const icu = d.people('icu', 30);
  const cl = d.people('cl', 8);
  let accepted = 0;
  for (const p of icu) if (d.assign(p, 'A', 'ICU', 'b1').result.ok) accepted++;
  assert.equal(accepted, 5 + 3, 'ICU got its 5 reserved seats and the 3 flex seats, nothing more');
  // Clinic and Procedures still staff every reserved seat.
  for (const p of cl.slice(0, 7)) assert.equal(d.assign(p, 'A', 'Clinic', 'b1').result.ok, true, `${p} in Clinic`);
  for (const p of d.people('pr', 3)) assert.equal(d.assign(p, 'A', 'Procedures', 'b1').result.ok, true, `${p} in Procedures`);
  // Only the borrowing beyond the reserve is lost to the surge.
  d.refused({ kind: 'assign', assignment: { person: 'cl8', facility: 'A', pool: 'Clinic', block: 'b1' } }, 'conflict', /Clinic is full/);
});

test('property: whatever was assigned before, a pool below its reserve always accepts one more person', () => {
  const table = [pool('ICU', 9, 4, 5), pool('Clinic', 7, 3, 4), pool('Procedures', 5, 2, 3), pool('Flex', 3, 1, 0, true)];
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const random = seededRandom(seed);
    const d = world(table);
    const people = d.people('p', 40);
    for (const p of people) {
      const target = table[Math.floor(random() * table.length)]!;
      const counts = d.counts('b1', 'A');
      const below = (counts[target.name] ?? 0) < target.reserved;
      const out = d.assign(p, 'A', target.name, 'b1');
      if (below && !target.flex) assert.equal(out.result.ok, true, `seed ${seed}: ${target.name} below its reserve refused ${p}: ${JSON.stringify(counts)}`);
      if (random() < 0.2) {
        const held = d.machine.getSchedule('b1')?.assignments ?? [];
        const victim = held[Math.floor(random() * held.length)];
        if (victim) d.ok({ kind: 'unassign', person: victim.person, block: 'b1' });
      }
      // The invariant itself: every rule holds after every step.
      const usage = d.machine.poolUsage('b1', 'A') ?? [];
      const lent = usage.reduce((s, u) => s + u.borrowed, 0);
      for (const u of usage) {
        assert.ok(u.assigned <= u.spec.capacity, `seed ${seed}: R1 ${u.spec.name}`);
        if (!u.spec.flex) assert.ok(u.borrowed <= u.spec.borrowLimit, `seed ${seed}: R2 ${u.spec.name}`);
      }
      const flex = usage.find((u) => u.spec.flex)!;
      assert.ok(flex.assigned + lent <= flex.spec.capacity, `seed ${seed}: R3`);
      assert.ok(lent <= flex.spec.capacity - flex.spec.reserved, `seed ${seed}: R4`);
    }
  }
});

test('pools count per block and per facility', () => {
  const d = world();
  const icu = d.people('icu', 7);
  for (const p of icu.slice(0, 6)) assert.equal(d.assign(p, 'A', 'ICU', 'b1').result.ok, true);
  assert.equal(d.assign('icu7', 'A', 'ICU', 'b2').result.ok, true, 'another block has its own pools');
  d.people('x', 1);
  assert.equal(d.assign('x1', 'B', 'ICU', 'b1').result.ok, true, 'another facility has its own pools');
  d.refused({ kind: 'assign', assignment: { person: 'icu7', facility: 'A', pool: 'ICU', block: 'b1' } }, 'conflict', /ICU is full/);
});

test('pool usage reports assigned, borrowed, lent and how many more fit now', () => {
  const table = DEFAULT_POOL_TABLE;
  const usage = poolUsage(table, new Map([['ICU', 6], ['Clinic', 3]]));
  assert.deepEqual(
    usage.map((u) => [u.spec.name, u.assigned, u.borrowed, u.lent, u.left]),
    [
      ['ICU', 6, 1, 0, 0],
      ['Clinic', 3, 0, 0, 5],
      ['Procedures', 0, 0, 0, 4],
      ['Flex', 0, 0, 1, 1],
    ],
  );
});

test('an edit is judged by whether it makes a rule worse: a block over a limit can shrink, never grow', () => {
  const table = DEFAULT_POOL_TABLE;
  const over = new Map([['ICU', 8]]); // e.g. after the configured default was lowered
  assert.equal(checkPoolRules(table, over, new Map([['ICU', 7]]), 'here'), undefined, 'removing one is allowed');
  assert.match(checkPoolRules(table, over, new Map([['ICU', 9]]), 'here') ?? '', /ICU is full/);
  assert.equal(checkPoolRules(table, over, new Map([['ICU', 8], ['Clinic', 1]]), 'here'), undefined, 'another pool may still grow');
});

test('a block restored over a lowered configured default keeps its people; they can leave but not be added to', () => {
  const d = world();
  const icu = d.people('icu', 6);
  for (const p of icu) assert.equal(d.assign(p, 'A', 'ICU', 'b1').result.ok, true);
  const smaller = facilities([pool('ICU', 4, 4, 0), pool('Clinic', 8, 7, 1), pool('Procedures', 4, 3, 1), pool('Flex', 2, 0, 0, true)]);
  const machine = ScheduleMachine.restore(smaller, d.machine.snapshot());
  const cmd = (op: Parameters<Driver['apply']>[0], i: number) => machine.apply({ requestId: `x${i}`, issuer: 'A', timestampMs: d.now, op }, 1000 + i);
  assert.equal(cmd({ kind: 'assign', assignment: { person: 'icu1', facility: 'A', pool: 'ICU', block: 'b2' } }, 1).result.ok, true);
  assert.equal(cmd({ kind: 'unassign', person: 'icu2', block: 'b1' }, 2).result.ok, true, 'leaving an over-full pool is allowed');
  const again = cmd({ kind: 'assign', assignment: { person: 'icu2', facility: 'A', pool: 'ICU', block: 'b1' } }, 3);
  assert.equal(again.result.ok, false, 'growing an over-full pool is not');
});

test('setPools replaces a facility\'s table for every block, and is remembered as custom', () => {
  const d = world();
  d.ok({ kind: 'setPools', facility: 'A', pools: [pool('ICU', 2, 1, 1), pool('Float', 1, 0, 0, true)] });
  assert.equal(d.machine.getPools('A')?.custom, true);
  assert.deepEqual(d.machine.getPools('A')?.pools.map((p) => p.name), ['ICU', 'Float']);
  assert.deepEqual(d.machine.getPools('B')?.pools.map((p) => p.name), ['ICU', 'Clinic', 'Procedures', 'Flex'], 'other facilities keep theirs');
  const icu = d.people('icu', 3);
  assert.equal(d.assign('icu1', 'A', 'ICU', 'b1').result.ok, true);
  assert.equal(d.assign('icu2', 'A', 'ICU', 'b1').result.ok, true, 'borrows the Float seat');
  d.refused({ kind: 'assign', assignment: { person: 'icu3', facility: 'A', pool: 'ICU', block: 'b1' } }, 'conflict', /ICU is full/);
  d.refused({ kind: 'assign', assignment: { person: 'icu3', facility: 'A', pool: 'Clinic', block: 'b1' } }, 'notFound', /pool Clinic not found at facility A/);
  void icu;
  // Survives a snapshot install.
  assert.deepEqual(ScheduleMachine.restore(facilities(DEFAULT_POOL_TABLE), d.machine.snapshot()).getPools('A'), d.machine.getPools('A'));
});

test('setPools is refused when the schedule would not fit the new table, naming the block and pool', () => {
  const d = world();
  const icu = d.people('icu', 3);
  for (const p of icu) assert.equal(d.assign(p, 'A', 'ICU', 'b2').result.ok, true);
  d.refused(
    { kind: 'setPools', facility: 'A', pools: [pool('ICU', 2, 2, 0), pool('Flex', 2, 0, 0, true)] },
    'conflict',
    /does not fit the schedule: pool ICU would hold 3 people at facility A in block b2, more than its capacity 2/,
  );
  d.refused(
    { kind: 'setPools', facility: 'A', pools: [pool('Clinic', 8, 8, 0)] },
    'conflict',
    /block b2 has 3 people in pool ICU at facility A, which the new table lacks/,
  );
  d.refused({ kind: 'setPools', facility: 'Z', pools: [pool('ICU', 1, 1, 0)] }, 'notFound', /facility Z/);
  d.ok({ kind: 'setPools', facility: 'A', pools: [pool('ICU', 3, 3, 0)] });
  const same = d.ok({ kind: 'setPools', facility: 'A', pools: [pool('ICU', 3, 3, 0)] });
  assert.match(same.result.ok ? same.result.detail : '', /nothing changed/);
});

test('an invalid pool table never reaches the machine state: refused as invalidArgument', () => {
  const d = world();
  d.refused({ kind: 'setPools', facility: 'A', pools: [pool('ICU', 2, 3, 0)] }, 'invalidArgument', /reserved: must not exceed capacity/);
  d.refused({ kind: 'setPools', facility: 'A', pools: [pool('F1', 2, 0, 0, true), pool('F2', 2, 0, 0, true)] }, 'invalidArgument', /at most one/);
  d.refused({ kind: 'setPools', facility: 'A', pools: [pool('Flex', 2, 0, 1, true)] }, 'invalidArgument', /borrowLimit: must be 0 for the flex pool/);
  d.refused({ kind: 'setPools', facility: 'A', pools: [] }, 'invalidArgument', /1\.\.16 pools/);
  d.refused({ kind: 'setPools', facility: 'A', pools: [pool('ICU', 1, 1, 0), pool('ICU', 1, 1, 0)] }, 'invalidArgument', /duplicate pool ICU/);
});
