import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { CorruptStateError, ScheduleMachine } from '../../node/schedule/index.ts';
import { FACILITIES, addBlock, addPerson, assign, assignment, block, person } from './fixtures.ts';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function populated(): ScheduleMachine {
  const machine = new ScheduleMachine(FACILITIES);
  [addPerson(person('p1')), addPerson(person('p2', { homeFacility: 'fac-c' })), addBlock(block('b1')),
    assign(assignment('p1', 'fac-a', 'ICU', 'b1')), assign(assignment('p2', 'fac-c', 'OR', 'b1'))]
    .forEach((cmd, i) => assert.equal(machine.apply(cmd, i + 1).result.ok, true));
  return machine;
}

function rowsOf(machine: ScheduleMachine): Map<string, Uint8Array> {
  return new Map(machine.rows().map((w) => [w.key, (w as { value: Uint8Array }).value]));
}

/** A snapshot with a valid checksum around an arbitrary body. */
function snapshotWithBody(body: string): Uint8Array {
  const checksum = createHash('sha256').update(body).digest('hex');
  return utf8.encode(`rosterd-schedule-snapshot/1\n${checksum}\n${body}`);
}

function assertCorrupt(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (e: unknown) => {
    assert.ok(e instanceof CorruptStateError, `expected CorruptStateError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

test('a corrupted or truncated snapshot is refused with a clear error', () => {
  const bytes = populated().snapshot();
  const flipped = bytes.slice();
  flipped[bytes.length - 20] = (flipped[bytes.length - 20] ?? 0) ^ 0x01;
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, flipped), /checksum/);
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, bytes.subarray(0, bytes.length - 1)), /checksum/);
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, new Uint8Array(0)), /does not start with/);
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, utf8.encode('rosterd-schedule-snapshot/3\nx\n{}')), /does not start with/);
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, new Uint8Array([0xff, 0xfe, 0x0a])), /UTF-8/);
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, snapshotWithBody('{"people":[')), /not JSON/);
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, snapshotWithBody('{"people":[],"blocks":[]}')), /assignments/);
});

test('a snapshot holding an invalid record is refused, naming the entry', () => {
  const body = '{"people":[{"id":"p1","name":"","role":"resident","homeFacility":"fac-a"}],"blocks":[],"assignments":[]}';
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, snapshotWithBody(body)), /people\[0\].*name/);
  const extra = '{"people":[],"blocks":[{"id":"b1","start":"2025-01-01","end":"2025-01-02","x":1}],"assignments":[]}';
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, snapshotWithBody(extra)), /blocks\[0\]/);
});

test('a snapshot that is not canonical is refused, even with a valid checksum', () => {
  const text = fromUtf8.decode(populated().snapshot());
  const body = JSON.parse(text.slice(text.indexOf('{'))) as { people: unknown[] };
  body.people.reverse();
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, snapshotWithBody(JSON.stringify(body))), /canonical/);
  const spaced = JSON.stringify(JSON.parse(text.slice(text.indexOf('{'))), null, 1);
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, snapshotWithBody(spaced)), /canonical/);
});

test('a snapshot with a duplicate or dangling entry is refused', () => {
  const p = '{"id":"p1","name":"A","role":"resident","homeFacility":"fac-a"}';
  assertCorrupt(
    () => ScheduleMachine.restore(FACILITIES, snapshotWithBody(`{"people":[${p},${p}],"blocks":[],"assignments":[]}`)),
    /sm\/person\/p1: duplicate/,
  );
  const dangling = '{"people":[],"blocks":[],"assignments":[{"person":"p1","facility":"fac-a","pool":"ICU","block":"b1"}]}';
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, snapshotWithBody(dangling)), /sm\/assign\/b1\/p1: person p1/);
});

test('restoring against a configuration that lacks a facility or pool in use is refused', () => {
  const bytes = populated().snapshot();
  const withoutC = FACILITIES.filter((f) => f.id !== 'fac-c');
  assertCorrupt(() => ScheduleMachine.restore(withoutC, bytes), /fac-c/);
  const withoutOr = FACILITIES.map((f) => (f.id === 'fac-c' ? { ...f, pools: ['Flex'] } : f));
  assertCorrupt(() => ScheduleMachine.restore(withoutOr, bytes), /sm\/assign\/b1\/p2: pool OR/);
});

test('a malformed row is refused at start-up, naming its key', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['sm/person/p3', '{not json', /^sm\/person\/p3: .*JSON/],
    ['sm/person/p3', '{"id":"p4","name":"A","role":"resident","homeFacility":"fac-a"}', /^sm\/person\/p3: holds the record of sm\/person\/p4/],
    ['sm/person/p3', '{"id":"p3","name":"A","role":"chief","homeFacility":"fac-a"}', /^sm\/person\/p3: .*role/],
    ['sm/person/p3', '{"name":"A","id":"p3","role":"resident","homeFacility":"fac-a"}', /^sm\/person\/p3: expected fields/],
    ['sm/person/p3', '{"id": "p3","name":"A","role":"resident","homeFacility":"fac-a"}', /^sm\/person\/p3: .*canonical/],
    ['sm/block/b2', '{"id":"b2","start":"2025-02-01","end":"2025-01-01"}', /^sm\/block\/b2: .*start/],
    ['sm/assign/b1/p9', '{"person":"p9","facility":"fac-a","pool":"ICU","block":"b1"}', /^sm\/assign\/b1\/p9: person p9/],
    ['sm/assign/b1/p1/x', '{}', /^sm\/assign\/b1\/p1\/x: not a schedule table key/],
    ['sm/lockx/x', '{}', /^sm\/lockx\/x: not a schedule table key/],
    ['raft/hardstate', '{}', /^raft\/hardstate: not a schedule table key/],
  ];
  for (const [key, value, pattern] of cases) {
    const rows = rowsOf(populated());
    rows.set(key, utf8.encode(value));
    assertCorrupt(() => ScheduleMachine.fromRows(FACILITIES, rows), pattern);
  }
});

test('a row that is not valid UTF-8 or a key given twice is refused', () => {
  const rows = [...rowsOf(populated())];
  assertCorrupt(() => ScheduleMachine.fromRows(FACILITIES, [...rows, ['sm/block/b9', new Uint8Array([0xc3])]]), /^sm\/block\/b9: .*UTF-8/);
  const first = rows[0] as [string, Uint8Array];
  assertCorrupt(() => ScheduleMachine.fromRows(FACILITIES, [...rows, first]), /duplicate/);
});

test('rows referring to a facility or pool missing from the configuration are refused', () => {
  const rows = rowsOf(populated());
  const withoutC = FACILITIES.filter((f) => f.id !== 'fac-c');
  assertCorrupt(() => ScheduleMachine.fromRows(withoutC, rows), /^sm\/person\/p2: home facility fac-c/);
  const withoutIcu = FACILITIES.map((f) => (f.id === 'fac-a' ? { ...f, pools: ['Clinic'] } : f));
  assertCorrupt(() => ScheduleMachine.fromRows(withoutIcu, rows), /^sm\/assign\/b1\/p1: pool ICU/);
});

test('rows of pools, locks, remembered requests and the clock are parsed strictly, naming the key', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['sm/pools/fac-a', '{"facility":"fac-a","pools":[{"name":"ICU","capacity":1,"reserved":2,"borrowLimit":0,"flex":false}]}', /^sm\/pools\/fac-a: pools.*reserved/],
    ['sm/pools/fac-a', '{"facility":"fac-b","pools":[{"name":"ICU","capacity":1,"reserved":1,"borrowLimit":0,"flex":false}]}', /^sm\/pools\/fac-a: holds the record of sm\/pools\/fac-b/],
    ['sm/pools/fac-x', '{"facility":"fac-x","pools":[{"name":"ICU","capacity":1,"reserved":1,"borrowLimit":0,"flex":false}]}', /^sm\/pools\/fac-x: facility fac-x is not a configured facility/],
    ['sm/lock/b1', '{"block":"b1","facility":"","holder":"al","token":0,"grantedAtMs":1,"expiresAtMs":2}', /^sm\/lock\/b1: token/],
    ['sm/lock/b1', '{"block":"b1","facility":"","holder":"al","token":3,"grantedAtMs":5,"expiresAtMs":2}', /^sm\/lock\/b1: expiresAtMs is before/],
    ['sm/lock/b9', '{"block":"b9","facility":"","holder":"al","token":3,"grantedAtMs":1,"expiresAtMs":2}', /^sm\/lock\/b9: block b9 does not exist/],
    ['sm/req/r1', '{"requestId":"r1","index":3,"timeMs":1,"fingerprint":"xyz","result":{"ok":false,"code":"conflict","message":"m"}}', /^sm\/req\/r1: fingerprint/],
    ['sm/req/r1', '{"requestId":"r1","index":3,"timeMs":1,"fingerprint":"00000000000000000000000000000000","result":{"ok":false,"code":"nope","message":"m"}}', /^sm\/req\/r1: result: unknown code|^sm\/req\/r1\.result/],
    ['sm/req/r1', '{"requestId":"r1","index":3000,"timeMs":99999999999999,"fingerprint":"00000000000000000000000000000000","result":{"ok":true,"detail":"d","changes":[],"lock":null}}', /^sm\/req\/r1: recorded after the log clock/],
    ['sm/clock', '{"clockMs":-1}', /^sm\/clock: clockMs/],
  ];
  for (const [key, value, pattern] of cases) {
    const rows = rowsOf(populated());
    rows.set(key, utf8.encode(value));
    assertCorrupt(() => ScheduleMachine.fromRows(FACILITIES, rows), pattern);
  }
});

test('a version 1 snapshot (before pools, locks and request ids) is still restored', () => {
  const body = '{"people":[{"id":"p1","name":"A","role":"resident","homeFacility":"fac-a"}],"blocks":[],"assignments":[]}';
  const checksum = createHash('sha256').update(body).digest('hex');
  const machine = ScheduleMachine.restore(FACILITIES, utf8.encode(`rosterd-schedule-snapshot/1\n${checksum}\n${body}`));
  assert.equal(machine.getPerson('p1')?.name, 'A');
  assert.equal(machine.clockMs(), 0);
  assert.match(fromUtf8.decode(machine.snapshot()), /^rosterd-schedule-snapshot\/2\n/);
});
