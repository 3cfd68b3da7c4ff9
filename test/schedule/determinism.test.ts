import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OP_KINDS, ScheduleMachine, decodeCommand, encodeCommand, encodeSnapshotSlices } from '../../node/schedule/index.ts';
import { decodeSnapshot, type SnapshotContent } from '../../node/schedule/snapshot-format.ts';
import type { ApplyOutcome, Command } from '../../node/schedule/index.ts';
import { FACILITIES, addBlock, addPerson, assign, assignment, block, person, randomWorkload, unassign } from './fixtures.ts';
import { scheduleState } from './harness.ts';

const SEEDS = [1, 2, 3, 42, 1234, 99_999];
const COMMANDS = 400;

function run(machine: ScheduleMachine, commands: readonly Command[], firstIndex = 1): ApplyOutcome[] {
  return commands.map((cmd, i) => machine.apply(cmd, firstIndex + i));
}

/** The snapshot's schedule entries, in the order the bytes hold them: without what records history (request memory, log clock, block versions). */
function snapshotSchedule(machine: ScheduleMachine): Omit<SnapshotContent, 'requests' | 'clockMs' | 'versions'> {
  const { people, blocks, assignments, pools, locks, coverage } = decodeSnapshot(machine.snapshot());
  return { people, blocks, assignments, pools, locks, coverage };
}

test('the random workloads exercise both accepted and refused commands of every kind', () => {
  const machine = new ScheduleMachine(FACILITIES);
  const seen = new Set<string>();
  randomWorkload(SEEDS[0] as number, COMMANDS).forEach((cmd, i) => {
    const before = scheduleState(machine);
    const { result } = machine.apply(cmd, i + 1);
    if (result.duplicate) seen.add('duplicate');
    else if (!result.ok) seen.add(result.code);
    else if (scheduleState(machine) === before) seen.add('noop');
    else for (const change of result.changes ?? []) seen.add(change.kind);
  });
  const kinds = new Set(randomWorkload(SEEDS[0] as number, COMMANDS).map((c) => c.op.kind));
  assert.equal(kinds.size, OP_KINDS.length, `every op kind occurs: ${[...kinds].join(', ')}`);
  // Across all seeds: every rule is hit, both ways.
  const messages = SEEDS.flatMap((seed) => run(new ScheduleMachine(FACILITIES), randomWorkload(seed, COMMANDS)))
    .map((o) => (o.result.ok ? o.result.detail : o.result.message))
    .join('\n');
  for (const pattern of [/is full/, /is locked by/, /stale/, /expired/, /locked block/, /exchanged/, /moved/, /set the pools/, /already used/, /emergency coverage/, /reconciled/, /earlier timestamp wins/, /final approval beats/]) {
    assert.match(messages, pattern, `the workload never produced ${pattern}`);
  }
  const outcomes = ['assigned', 'unassigned', 'blockAdded', 'poolsSet', 'lockAcquired', 'lockRenewed', 'lockReleased', 'coverage', 'noop'];
  for (const kind of [...outcomes, 'duplicate', 'notFound', 'alreadyExists', 'conflict', 'invalidArgument']) {
    assert.ok(seen.has(kind), `workload never produced ${kind}`);
  }
});

test('two machines fed the same commands in the same order produce the same results and snapshot bytes', () => {
  for (const seed of SEEDS) {
    const commands = randomWorkload(seed, COMMANDS);
    const one = new ScheduleMachine(FACILITIES);
    // The other node sees the commands as they come out of the log, and its config in another order.
    const two = new ScheduleMachine([...FACILITIES].reverse());
    const a = run(one, commands);
    const b = run(two, commands.map((cmd) => decodeCommand(encodeCommand(cmd))));
    assert.deepEqual(b, a, `seed ${seed}`);
    assert.deepEqual(two.snapshot(), one.snapshot(), `seed ${seed}`);
    assert.equal(scheduleState(two), scheduleState(one), `seed ${seed}`);
  }
});

test('a machine restored from a snapshot and fed the rest of the log behaves exactly like the original', () => {
  for (const seed of SEEDS) {
    const commands = randomWorkload(seed, 2 * COMMANDS);
    const original = new ScheduleMachine(FACILITIES);
    run(original, commands.slice(0, COMMANDS));
    const restored = ScheduleMachine.restore(FACILITIES, original.snapshot());
    assert.deepEqual(restored.snapshot(), original.snapshot(), `seed ${seed}`);
    assert.equal(scheduleState(restored), scheduleState(original), `seed ${seed}`);
    assert.deepEqual(restored.clockMs(), original.clockMs(), `seed ${seed}`);
    const rest = commands.slice(COMMANDS);
    assert.deepEqual(run(restored, rest, COMMANDS + 1), run(original, rest, COMMANDS + 1), `seed ${seed}`);
    assert.deepEqual(restored.snapshot(), original.snapshot(), `seed ${seed}`);
  }
});

test('identical schedules give identical snapshot entries, whatever order they were reached in', () => {
  const one = new ScheduleMachine(FACILITIES);
  run(one, [
    addPerson(person('p1')), addPerson(person('p2')), addBlock(block('b1')), addBlock(block('b2')),
    assign(assignment('p1', 'fac-a', 'ICU', 'b1')), assign(assignment('p2', 'fac-b', 'Flex', 'b1')),
    assign(assignment('p2', 'fac-a', 'ICU', 'b2')),
  ]);
  const two = new ScheduleMachine(FACILITIES);
  run(two, [
    addBlock(block('b2')), addPerson(person('p2')), addPerson(person('p9')), addBlock(block('b1')),
    assign(assignment('p2', 'fac-a', 'ICU', 'b2')), assign(assignment('p2', 'fac-b', 'Flex', 'b1')),
    addPerson(person('p1')), assign(assignment('p1', 'fac-a', 'Clinic', 'b1')), unassign('p1', 'b1'),
    assign(assignment('p1', 'fac-a', 'ICU', 'b1')),
  ]);
  assert.notDeepEqual(snapshotSchedule(two), snapshotSchedule(one), 'p9 exists only in two');
  const three = new ScheduleMachine(FACILITIES);
  run(three, [
    addBlock(block('b2')), addPerson(person('p2')), addBlock(block('b1')), addPerson(person('p1')),
    assign(assignment('p2', 'fac-b', 'Flex', 'b1')), assign(assignment('p1', 'fac-b', 'ICU', 'b2')),
    assign(assignment('p1', 'fac-a', 'ICU', 'b1')), unassign('p1', 'b2'), assign(assignment('p2', 'fac-a', 'ICU', 'b2')),
  ]);
  // The schedule is the same; the request memory, the log clock and the block versions record the history.
  assert.deepEqual(snapshotSchedule(three), snapshotSchedule(one));
  assert.equal(scheduleState(three), scheduleState(one));
  assert.notDeepEqual(three.snapshot(), one.snapshot());
});

test('an empty machine snapshots and restores to an empty machine', () => {
  const empty = new ScheduleMachine(FACILITIES);
  const restored = ScheduleMachine.restore(FACILITIES, empty.snapshot());
  assert.deepEqual(restored.listPeople(), []);
  assert.deepEqual(restored.listBlocks(), []);
  assert.equal(restored.clockMs(), 0);
  assert.equal(scheduleState(restored), scheduleState(empty));
  assert.deepEqual(restored.snapshot(), empty.snapshot());
});

test('a snapshot encoded in slices while the machine goes on applying has the bytes of the state it was captured at', () => {
  const machine = new ScheduleMachine(FACILITIES);
  let index = 0;
  for (let i = 0; i < 5000; i++) machine.apply(addPerson(person(`bulk-${i}`)), ++index);
  run(machine, randomWorkload(7, 400), index + 1);
  index += 400;
  const expected = machine.snapshot();
  const later = randomWorkload(8, 400);
  let pauses = 0;
  const slices = encodeSnapshotSlices(machine.snapshotContent());
  let sliced: Uint8Array;
  for (;;) {
    const step = slices.next();
    if (step.done) {
      sliced = new Uint8Array(Buffer.concat(step.value));
      break;
    }
    pauses++;
    // The machine moves on between slices: more people, assignments, locks, requests.
    for (const cmd of later.splice(0, 20)) machine.apply(cmd, ++index);
    machine.apply(addPerson(person(`late-${pauses}`)), ++index);
  }
  assert.ok(pauses >= 8, `encoded in ${pauses} slices`);
  assert.notDeepEqual(machine.snapshot(), expected, 'the machine did change meanwhile');
  assert.deepEqual(sliced, expected);
});
