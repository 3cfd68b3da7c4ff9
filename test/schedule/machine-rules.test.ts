import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { blockDigest } from '../../node/schedule/block-digest.ts';
import { DEFAULT_POOLS, ScheduleMachine } from '../../node/schedule/index.ts';
import type { ApplyOutcome, Command } from '../../node/schedule/index.ts';
import { FACILITIES, addBlock, addPerson, assign, assignment, block, person, unassign } from './fixtures.ts';
import { scheduleState } from './harness.ts';

const fromUtf8 = new TextDecoder();

interface Applier {
  readonly machine: ScheduleMachine;
  readonly apply: (cmd: Command) => ApplyOutcome;
  /** Applies `cmd` and insists on a refusal with `code` whose message matches `pattern`, leaving the schedule as it was. */
  readonly refused: (cmd: Command, code: string, pattern: RegExp) => void;
}

/** A machine that applies commands at consecutive indexes. */
function machineWith(...commands: Command[]): Applier {
  const machine = new ScheduleMachine(FACILITIES);
  let index = 0;
  const apply = (cmd: Command): ApplyOutcome => machine.apply(cmd, ++index);
  for (const cmd of commands) {
    const outcome = apply(cmd);
    assert.equal(outcome.result.ok, true, JSON.stringify(outcome.result));
  }
  const refused = (cmd: Command, code: string, pattern: RegExp): void => {
    const before = scheduleState(machine);
    assertRefused(apply(cmd), code, pattern);
    assert.equal(scheduleState(machine), before, 'a refused command changes nothing in the schedule');
  };
  return { machine, apply, refused };
}

/** A ready-made world: p1, p2 at fac-a, blocks b1 and b2. */
function world(): ReturnType<typeof machineWith> {
  return machineWith(addPerson(person('p1')), addPerson(person('p2')), addBlock(block('b1')), addBlock(block('b2', '2025-07-29', '2025-08-25')));
}

function assertRefused(outcome: ApplyOutcome, code: string, pattern: RegExp): void {
  assert.equal(outcome.result.ok, false, 'expected a refusal');
  if (outcome.result.ok) return;
  assert.equal(outcome.result.code, code, outcome.result.message);
  assert.match(outcome.result.message, pattern);
}

/** The snapshot as text: what survives a restart, records in their canonical form. */
function snapshotText(machine: ScheduleMachine): string {
  return fromUtf8.decode(machine.snapshot());
}

function assertUnchanged(machine: ScheduleMachine, before: string): void {
  assert.equal(scheduleState(machine), before, 'a refused command changes nothing');
}

test('DEFAULT_POOLS are ICU, Clinic, Procedures and Flex', () => {
  assert.deepEqual(DEFAULT_POOLS, ['ICU', 'Clinic', 'Procedures', 'Flex']);
});

test('adding a person stores it, in canonical form in the snapshot', () => {
  const { machine, apply } = machineWith();
  const outcome = apply(addPerson(person('p1', { name: 'Ann', role: 'faculty' })));
  assert.equal(outcome.result.ok, true);
  assert.deepEqual(machine.getPerson('p1'), { id: 'p1', name: 'Ann', role: 'faculty', homeFacility: 'fac-a' });
  assert.ok(snapshotText(machine).includes('"people":[{"id":"p1","name":"Ann","role":"faculty","homeFacility":"fac-a"}]'));
});

test('adding the identical person again is ok and changes nothing', () => {
  const { machine, apply } = world();
  const before = scheduleState(machine);
  const outcome = apply(addPerson(person('p1')));
  assert.equal(outcome.result.ok, true);
  assertUnchanged(machine, before);
});

test('a person id is taken: different details are refused as alreadyExists', () => {
  const { machine, refused } = world();
  const before = scheduleState(machine);
  for (const changed of [{ name: 'Other' }, { role: 'faculty' as const }, { homeFacility: 'fac-b' }]) {
    refused(addPerson(person('p1', changed)), 'alreadyExists', /person p1/);
  }
  assertUnchanged(machine, before);
  assert.equal(machine.getPerson('p1')?.name, 'Dr. p1');
});

test('a person’s home facility must be a facility of the cluster', () => {
  const { machine, apply, refused } = machineWith();
  refused(addPerson(person('p1', { homeFacility: 'fac-x' })), 'notFound', /fac-x/);
  assert.equal(machine.getPerson('p1'), undefined);
  assert.equal(apply(addPerson(person('p1', { homeFacility: 'fac-c' }))).result.ok, true);
});

test('adding a block stores it, in canonical form in the snapshot', () => {
  const { machine, apply } = machineWith();
  const outcome = apply(addBlock(block('b1', '2025-07-01', '2025-07-28')));
  assert.equal(outcome.result.ok, true);
  assert.deepEqual(machine.getBlock('b1'), { id: 'b1', start: '2025-07-01', end: '2025-07-28' });
  assert.ok(snapshotText(machine).includes('"blocks":[{"id":"b1","start":"2025-07-01","end":"2025-07-28"}]'));
});

test('adding the identical block again is ok; other dates under the same id are alreadyExists', () => {
  const { machine, apply, refused } = world();
  const before = scheduleState(machine);
  const again = apply(addBlock(block('b1')));
  assert.equal(again.result.ok, true);
  assertUnchanged(machine, before);
  refused(addBlock(block('b1', '2025-07-01', '2025-07-29')), 'alreadyExists', /block b1/);
  refused(addBlock(block('b1', '2025-06-30', '2025-07-28')), 'alreadyExists', /block b1/);
  assertUnchanged(machine, before);
});

test('assigning stores the assignment, in canonical form in the snapshot', () => {
  const { machine, apply } = world();
  const outcome = apply(assign(assignment('p1', 'fac-b', 'ICU', 'b1')));
  assert.equal(outcome.result.ok, true);
  assert.deepEqual(machine.getSchedule('b1')?.assignments, [assignment('p1', 'fac-b', 'ICU', 'b1')]);
  assert.ok(snapshotText(machine).includes('"assignments":[{"person":"p1","facility":"fac-b","pool":"ICU","block":"b1"}]'));
});

test('assigning needs a known person, block, facility and pool, and names the one missing', () => {
  const { machine, apply, refused } = world();
  const before = scheduleState(machine);
  refused(assign(assignment('p9', 'fac-a', 'ICU', 'b1')), 'notFound', /^person p9/);
  refused(assign(assignment('p1', 'fac-a', 'ICU', 'b9')), 'notFound', /^block b9/);
  refused(assign(assignment('p1', 'fac-x', 'ICU', 'b1')), 'notFound', /^facility fac-x/);
  refused(assign(assignment('p1', 'fac-a', 'Nope', 'b1')), 'notFound', /^pool Nope .*fac-a/);
  // Pools belong to a facility: fac-c has OR, fac-a does not.
  refused(assign(assignment('p1', 'fac-a', 'OR', 'b1')), 'notFound', /^pool OR .*fac-a/);
  refused(assign(assignment('p1', 'fac-c', 'ICU', 'b1')), 'notFound', /^pool ICU .*fac-c/);
  assertUnchanged(machine, before);
  assert.equal(apply(assign(assignment('p1', 'fac-c', 'OR', 'b1'))).result.ok, true);
});

test('a person can never hold two assignments in the same block', () => {
  const { machine, apply, refused } = world();
  assert.equal(apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1'))).result.ok, true);
  const before = scheduleState(machine);
  for (const other of [assignment('p1', 'fac-a', 'Clinic', 'b1'), assignment('p1', 'fac-b', 'ICU', 'b1')]) {
    // The message names the assignment already held, so a coordinator knows what to undo.
    refused(assign(other), 'conflict', /p1.*block b1.*fac-a\/ICU/);
  }
  assertUnchanged(machine, before);
  assert.deepEqual(machine.getSchedule('b1')?.assignments, [assignment('p1', 'fac-a', 'ICU', 'b1')]);
});

test('a person may hold one assignment in each of several blocks', () => {
  const { machine, apply } = world();
  assert.equal(apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1'))).result.ok, true);
  assert.equal(apply(assign(assignment('p1', 'fac-b', 'Flex', 'b2'))).result.ok, true);
  assert.equal(machine.getSchedule('b2')?.assignments.length, 1);
});

test('re-assigning the identical assignment is ok and changes nothing', () => {
  const { machine, apply } = world();
  apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  const before = scheduleState(machine);
  const outcome = apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  assert.equal(outcome.result.ok, true);
  assertUnchanged(machine, before);
});

test('unassigning removes the assignment, from the snapshot too; then the person is free in that block', () => {
  const { machine, apply } = world();
  apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  const outcome = apply(unassign('p1', 'b1'));
  assert.equal(outcome.result.ok, true);
  assert.deepEqual(machine.getSchedule('b1')?.assignments, []);
  assert.ok(snapshotText(machine).includes('"assignments":[]'));
  assert.equal(apply(assign(assignment('p1', 'fac-b', 'Clinic', 'b1'))).result.ok, true);
});

test('unassigning what is not assigned is notFound', () => {
  const { machine, apply, refused } = world();
  apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  const before = scheduleState(machine);
  refused(unassign('p2', 'b1'), 'notFound', /p2.*b1/);
  refused(unassign('p1', 'b2'), 'notFound', /p1.*b2/);
  refused(unassign('p9', 'b9'), 'notFound', /p9.*b9/);
  assertUnchanged(machine, before);
});

test('an invalid command is refused on apply as invalidArgument, even if the server let it through', () => {
  const { machine, refused } = world();
  const before = scheduleState(machine);
  const bytes = machine.snapshot();
  refused(addPerson(person('p3', { name: '' })), 'invalidArgument', /op\.person\.name/);
  refused(addBlock(block('b3', '2025-02-30', '2025-03-01')), 'invalidArgument', /op\.block\.start/);
  refused(assign(assignment('p1', 'fac-a', 'ICU', 'b/1')), 'invalidArgument', /op\.assignment\.block/);
  refused({ ...unassign('p1', 'b1'), requestId: '' }, 'invalidArgument', /requestId/);
  assertUnchanged(machine, before);
  assert.deepEqual(machine.snapshot(), bytes, 'not even the log clock or the request memory records an invalid command');
  assert.equal(machine.getPerson('p3'), undefined);
});

test('apply insists on a positive integer log index', () => {
  const machine = new ScheduleMachine(FACILITIES);
  for (const index of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => machine.apply(addPerson(person('p1')), index), RangeError);
  }
  assert.equal(machine.getPerson('p1'), undefined);
});

test('a schedule lists assignments by facility, then pool, then person, and can be cut to one facility', () => {
  const { machine, apply } = world();
  apply(addPerson(person('p0')));
  apply(addPerson(person('p3')));
  apply(assign(assignment('p3', 'fac-b', 'Clinic', 'b1')));
  apply(assign(assignment('p2', 'fac-a', 'ICU', 'b1')));
  apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  apply(assign(assignment('p0', 'fac-a', 'Clinic', 'b1')));
  const schedule = machine.getSchedule('b1');
  assert.deepEqual(schedule?.block, block('b1'));
  assert.deepEqual(schedule?.assignments, [
    assignment('p0', 'fac-a', 'Clinic', 'b1'),
    assignment('p1', 'fac-a', 'ICU', 'b1'),
    assignment('p2', 'fac-a', 'ICU', 'b1'),
    assignment('p3', 'fac-b', 'Clinic', 'b1'),
  ]);
  assert.deepEqual(machine.getSchedule('b1', 'fac-b')?.assignments, [assignment('p3', 'fac-b', 'Clinic', 'b1')]);
  assert.deepEqual(machine.getSchedule('b1', 'fac-x')?.assignments, []);
  assert.deepEqual(machine.getSchedule('b2')?.assignments, []);
  assert.equal(machine.getSchedule('b9'), undefined);
});

test('people and blocks are listed by id whatever the order they were added in', () => {
  const { machine } = machineWith(
    addPerson(person('p2')), addPerson(person('P1')), addPerson(person('p10')), addPerson(person('a')),
    addBlock(block('b2')), addBlock(block('b1')),
  );
  // Code-unit order, not locale order: uppercase before lowercase.
  assert.deepEqual(machine.listPeople().map((p) => p.id), ['P1', 'a', 'p10', 'p2']);
  assert.deepEqual(machine.listBlocks().map((b) => b.id), ['b1', 'b2']);
  assert.equal(machine.getPerson('nobody'), undefined);
  assert.equal(machine.getBlock('never'), undefined);
});

test('what the reads return cannot be used to change the state', () => {
  const { machine, apply } = world();
  apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  const before = scheduleState(machine);
  assert.throws(() => {
    (machine.getPerson('p1') as { name: string }).name = 'x';
  }, TypeError);
  assert.throws(() => {
    (machine.getSchedule('b1')?.assignments[0] as { pool: string }).pool = 'Flex';
  }, TypeError);
  machine.getSchedule('b1')?.assignments.pop();
  machine.listPeople().pop();
  assertUnchanged(machine, before);
});

test('stored records are copies: mutating a command after apply does not reach the state', () => {
  const { machine, apply } = machineWith();
  const p = { ...person('p1') };
  apply(addPerson(p));
  p.name = 'mutated' as never;
  assert.equal(machine.getPerson('p1')?.name, 'Dr. p1');
});

test('facilities are reported sorted by id, whatever the configured order', () => {
  const machine = new ScheduleMachine([...FACILITIES].reverse());
  assert.deepEqual(machine.facilities().map((f) => f.id), ['fac-a', 'fac-b', 'fac-c']);
  assert.deepEqual(machine.facilities()[2]?.pools.map((p) => p.name), ['OR', 'Flex']);
});

test('an invalid facility configuration is refused at construction', () => {
  const ok = { id: 'f', name: 'F', pools: ['ICU'] };
  for (const bad of [
    [ok, { ...ok }],
    [{ ...ok, pools: ['ICU', 'ICU'] }],
    [{ ...ok, id: 'a/b' }],
    [{ ...ok, name: '' }],
    [{ ...ok, pools: ['bad pool'] }],
  ]) {
    assert.throws(() => new ScheduleMachine(bad), TypeError, JSON.stringify(bad));
  }
});

test('a block digest is SHA-256 over the domain tag and the canonical block schedule', () => {
  const { machine, apply } = world();
  apply(assign(assignment('p2', 'fac-b', 'ICU', 'b1')));
  apply(assign(assignment('p1', 'fac-a', 'Flex', 'b1')));
  const expected = createHash('sha256')
    .update('rosterd-block-digest/1\n')
    .update(
      '{"block":{"id":"b1","start":"2025-07-01","end":"2025-07-28"},"assignments":[' +
        '{"person":"p1","facility":"fac-a","pool":"Flex","block":"b1"},' +
        '{"person":"p2","facility":"fac-b","pool":"ICU","block":"b1"}]}',
    )
    .digest('hex');
  assert.equal(machine.digest('b1'), expected);
});

test('a block digest depends on that block’s schedule only, not on the order it was built in', () => {
  const one = world();
  one.apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  one.apply(assign(assignment('p2', 'fac-b', 'Clinic', 'b1')));
  const two = world();
  two.apply(assign(assignment('p2', 'fac-b', 'Clinic', 'b1')));
  two.apply(assign(assignment('p1', 'fac-a', 'Flex', 'b1')));
  two.apply(unassign('p1', 'b1'));
  two.apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  two.apply(assign(assignment('p1', 'fac-a', 'ICU', 'b2'))); // another block
  two.apply(addPerson(person('p7'))); // people are not part of a block's schedule
  assert.equal(one.machine.digest('b1'), two.machine.digest('b1'));
  assert.notEqual(one.machine.digest('b2'), two.machine.digest('b2'));
  two.apply(unassign('p2', 'b1'));
  assert.notEqual(one.machine.digest('b1'), two.machine.digest('b1'));
});

test('a block digest does not depend on the order assignments are handed to it in', () => {
  const b = block('b1');
  const list = [assignment('p2', 'fac-b', 'ICU', 'b1'), assignment('p1', 'fac-a', 'Flex', 'b1'), assignment('p3', 'fac-a', 'Clinic', 'b1')];
  assert.equal(blockDigest(b, list), blockDigest(b, [...list].reverse()));
  assert.equal(blockDigest(b, list), blockDigest(b, [list[1], list[2], list[0]] as typeof list));
});

test('a block digest covers the block’s dates', () => {
  const one = machineWith(addBlock(block('b1', '2025-07-01', '2025-07-28')));
  const two = machineWith(addBlock(block('b1', '2025-07-01', '2025-07-29')));
  assert.notEqual(one.machine.digest('b1'), two.machine.digest('b1'));
});

test('the digest of a block that does not exist is an error, not a value', () => {
  assert.throws(() => new ScheduleMachine(FACILITIES).digest('b1'), RangeError);
});
