import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScheduleMachine, decodeCommand, encodeCommand } from '../../node/schedule/index.ts';
import type { ApplyOutcome, Command, TableWrite } from '../../node/schedule/index.ts';
import { FACILITIES, addBlock, addPerson, assign, assignment, block, person, randomWorkload, scheduleRows, unassign } from './fixtures.ts';

const SEEDS = [1, 2, 3, 42, 1234, 99_999];
const COMMANDS = 400;

function run(machine: ScheduleMachine, commands: readonly Command[], firstIndex = 1): ApplyOutcome[] {
  return commands.map((cmd, i) => machine.apply(cmd, firstIndex + i));
}

/** The tables as the driver would hold them after persisting every outcome's writes. */
function persist(outcomes: readonly ApplyOutcome[], tables = new Map<string, Uint8Array>()): Map<string, Uint8Array> {
  for (const write of outcomes.flatMap((o) => o.writes)) {
    if (write.type === 'put') tables.set(write.key, write.value);
    else tables.delete(write.key);
  }
  return tables;
}

function sortedPuts(tables: Map<string, Uint8Array>): TableWrite[] {
  return [...tables.keys()].sort().map((key) => ({ type: 'put', key, value: tables.get(key) as Uint8Array }));
}

test('the random workloads exercise both accepted and refused commands of every kind', () => {
  const outcomes = run(new ScheduleMachine(FACILITIES), randomWorkload(SEEDS[0] as number, COMMANDS));
  const seen = new Set<string>(
    outcomes.map((o) => {
      if (o.result.duplicate) return 'duplicate';
      const own = o.writes.filter((w) => !w.key.startsWith('sm/req/') && w.key !== 'sm/clock');
      return o.result.ok ? (own[0]?.type ?? 'noop') : o.result.code;
    }),
  );
  const kinds = new Set(randomWorkload(SEEDS[0] as number, COMMANDS).map((c) => c.op.kind));
  assert.equal(kinds.size, 10, `every op kind occurs: ${[...kinds].join(', ')}`);
  // Across all seeds: every rule is hit, both ways.
  const messages = SEEDS.flatMap((seed) => run(new ScheduleMachine(FACILITIES), randomWorkload(seed, COMMANDS)))
    .map((o) => (o.result.ok ? o.result.detail : o.result.message))
    .join('\n');
  for (const pattern of [/is full/, /is locked by/, /stale/, /expired/, /locked block/, /exchanged/, /moved/, /set the pools/, /already used/]) {
    assert.match(messages, pattern, `the workload never produced ${pattern}`);
  }
  for (const kind of ['put', 'del', 'noop', 'duplicate', 'notFound', 'alreadyExists', 'conflict', 'invalidArgument']) {
    assert.ok(seen.has(kind), `workload never produced ${kind}`);
  }
});

test('two machines fed the same commands in the same order produce the same results, writes and snapshot bytes', () => {
  for (const seed of SEEDS) {
    const commands = randomWorkload(seed, COMMANDS);
    const one = new ScheduleMachine(FACILITIES);
    // The other node sees the commands as they come out of the log, and its config in another order.
    const two = new ScheduleMachine([...FACILITIES].reverse());
    const a = run(one, commands);
    const b = run(two, commands.map((cmd) => decodeCommand(encodeCommand(cmd))));
    assert.deepEqual(b, a, `seed ${seed}`);
    assert.deepEqual(two.snapshot(), one.snapshot(), `seed ${seed}`);
    assert.deepEqual(two.rows(), one.rows(), `seed ${seed}`);
  }
});

test('the writes of every apply keep the tables equal to the state (rows() = persisted writes)', () => {
  for (const seed of SEEDS) {
    const machine = new ScheduleMachine(FACILITIES);
    const tables = persist(run(machine, randomWorkload(seed, COMMANDS)));
    assert.deepEqual(machine.rows(), sortedPuts(tables), `seed ${seed}`);
  }
});

test('a machine rebuilt from its persisted rows behaves exactly like the original', () => {
  for (const seed of SEEDS) {
    const commands = randomWorkload(seed, 2 * COMMANDS);
    const original = new ScheduleMachine(FACILITIES);
    const tables = persist(run(original, commands.slice(0, COMMANDS)));
    // LevelDB hands rows back in key order; any order must do.
    const rebuilt = ScheduleMachine.fromRows(FACILITIES, [...tables.entries()].reverse());
    assert.deepEqual(rebuilt.snapshot(), original.snapshot(), `seed ${seed}`);
    const rest = commands.slice(COMMANDS);
    assert.deepEqual(run(rebuilt, rest, COMMANDS + 1), run(original, rest, COMMANDS + 1), `seed ${seed}`);
    assert.deepEqual(rebuilt.snapshot(), original.snapshot(), `seed ${seed}`);
  }
});

test('a machine restored from a snapshot behaves exactly like the original', () => {
  for (const seed of SEEDS) {
    const commands = randomWorkload(seed, 2 * COMMANDS);
    const original = new ScheduleMachine(FACILITIES);
    run(original, commands.slice(0, COMMANDS));
    const restored = ScheduleMachine.restore(FACILITIES, original.snapshot());
    assert.deepEqual(restored.snapshot(), original.snapshot(), `seed ${seed}`);
    assert.deepEqual(restored.rows(), original.rows(), `seed ${seed}`);
    assert.deepEqual(restored.listPeople(), original.listPeople(), `seed ${seed}`);
    const rest = commands.slice(COMMANDS);
    assert.deepEqual(run(restored, rest, COMMANDS + 1), run(original, rest, COMMANDS + 1), `seed ${seed}`);
  }
});

test('rows() rewrite the tables after a snapshot install and rebuild the same machine', () => {
  const machine = new ScheduleMachine(FACILITIES);
  run(machine, randomWorkload(7, COMMANDS));
  const rows = machine.rows();
  assert.ok(rows.every((w) => w.type === 'put' && w.key.startsWith('sm/')));
  assert.deepEqual(rows.map((w) => w.key), rows.map((w) => w.key).sort(), 'rows come in key order');
  const rebuilt = ScheduleMachine.fromRows(FACILITIES, rows.map((w) => [w.key, (w as { value: Uint8Array }).value]));
  assert.deepEqual(rebuilt.snapshot(), machine.snapshot());
});

test('identical state gives identical snapshot bytes, whatever order it was reached in', () => {
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
  assert.notDeepEqual(scheduleRows(two.rows()), scheduleRows(one.rows()), 'p9 exists only in two');
  const three = new ScheduleMachine(FACILITIES);
  run(three, [
    addBlock(block('b2')), addPerson(person('p2')), addBlock(block('b1')), addPerson(person('p1')),
    assign(assignment('p2', 'fac-b', 'Flex', 'b1')), assign(assignment('p1', 'fac-b', 'ICU', 'b2')),
    assign(assignment('p1', 'fac-a', 'ICU', 'b1')), unassign('p1', 'b2'), assign(assignment('p2', 'fac-a', 'ICU', 'b2')),
  ]);
  // The schedule is the same; the request memory and the log clock record the history.
  assert.deepEqual(scheduleRows(three.rows()), scheduleRows(one.rows()));
  assert.notDeepEqual(three.snapshot(), one.snapshot());
});

test('an empty machine snapshots and restores to an empty machine', () => {
  const restored = ScheduleMachine.restore(FACILITIES, new ScheduleMachine(FACILITIES).snapshot());
  assert.deepEqual(restored.listPeople(), []);
  assert.deepEqual(restored.rows(), []);
  assert.deepEqual(ScheduleMachine.fromRows(FACILITIES, []).rows(), []);
});
