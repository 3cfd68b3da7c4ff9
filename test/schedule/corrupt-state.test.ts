import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { CorruptStateError, SNAPSHOT_MAGIC, ScheduleMachine } from '../../node/schedule/index.ts';
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

/** A snapshot with a valid checksum around an arbitrary body (version 1 unless told). */
function snapshotWithBody(body: string, magic = 'rosterd-schedule-snapshot/1'): Uint8Array {
  const checksum = createHash('sha256').update(body).digest('hex');
  return utf8.encode(`${magic}\n${checksum}\n${body}`);
}

/** The body of populated()'s snapshot, parsed, to be tampered with. */
function populatedBody(): Record<string, unknown> {
  const text = fromUtf8.decode(populated().snapshot());
  return JSON.parse(text.slice(text.indexOf('{'))) as Record<string, unknown>;
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
  assertCorrupt(() => ScheduleMachine.restore(FACILITIES, utf8.encode('rosterd-schedule-snapshot/5\nx\n{}')), /does not start with/);
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

test('a snapshot’s pool tables, locks, remembered requests and log clock are checked strictly, naming the entry', () => {
  const icu = (capacity: number, reserved: number) => [{ name: 'ICU', capacity, reserved, borrowLimit: 0, flex: false }];
  const lock = (block: string, token: number, grantedAtMs: number, expiresAtMs: number) => ({ block, facility: '', holder: 'al', token, grantedAtMs, expiresAtMs });
  const request = (index: number, timeMs: number, fingerprint: string, result: object) => ({ requestId: 'r1', index, timeMs, fingerprint, result });
  const wellFormedFingerprint = '00000000000000000000000000000000';
  const cases: Array<[string, unknown, RegExp]> = [
    ['pools', { facility: 'fac-a', pools: icu(1, 2) }, /pools\[0\]\.pools.*reserved/],
    ['pools', { facility: 'fac-x', pools: icu(1, 1) }, /sm\/pools\/fac-x: facility fac-x is not a configured facility/],
    ['locks', lock('b1', 0, 1, 2), /locks\[0\].*token/],
    ['locks', lock('b1', 3, 5, 2), /locks\[0\].*expiresAtMs is before/],
    ['locks', lock('b9', 3, 1, 2), /sm\/lock\/b9: block b9 does not exist/],
    ['requests', request(30, 1, 'xyz', { ok: false, code: 'conflict', message: 'm' }), /requests\[5\].*fingerprint/],
    ['requests', request(30, 1, wellFormedFingerprint, { ok: false, code: 'nope', message: 'm' }), /requests\[5\].*code/],
    ['requests', request(3000, 99999999999999, wellFormedFingerprint, { ok: true, detail: 'd', changes: [], lock: null }), /sm\/req\/r1: recorded after the log clock/],
    ['requests', request(3, 1, wellFormedFingerprint, { ok: true, detail: 'd', changes: [], lock: null }), /sm\/req\/r1: duplicate index 3/],
    ['clockMs', -1, /clockMs must be an integer >= 0/],
  ];
  for (const [field, value, pattern] of cases) {
    const body = populatedBody();
    if (field === 'clockMs') body.clockMs = value;
    else (body[field] as unknown[]).push(value);
    assertCorrupt(() => ScheduleMachine.restore(FACILITIES, snapshotWithBody(JSON.stringify(body), SNAPSHOT_MAGIC)), pattern);
  }
});

test('a version 1 snapshot (before pools, locks and request ids) is still restored', () => {
  const body = '{"people":[{"id":"p1","name":"A","role":"resident","homeFacility":"fac-a"}],"blocks":[],"assignments":[]}';
  const checksum = createHash('sha256').update(body).digest('hex');
  const machine = ScheduleMachine.restore(FACILITIES, utf8.encode(`rosterd-schedule-snapshot/1\n${checksum}\n${body}`));
  assert.equal(machine.getPerson('p1')?.name, 'A');
  assert.equal(machine.clockMs(), 0);
  assert.match(fromUtf8.decode(machine.snapshot()), /^rosterd-schedule-snapshot\/4\n/);
});

test('a version 2 snapshot (before emergency coverage) is still restored, and taken again as version 4', () => {
  const body = '{"people":[{"id":"p1","name":"A","role":"resident","homeFacility":"fac-a"}],"blocks":[],"assignments":[],"pools":[],"locks":[],"requests":[],"clockMs":5}';
  const checksum = createHash('sha256').update(body).digest('hex');
  const machine = ScheduleMachine.restore(FACILITIES, utf8.encode(`rosterd-schedule-snapshot/2\n${checksum}\n${body}`));
  assert.equal(machine.getPerson('p1')?.name, 'A');
  assert.equal(machine.clockMs(), 5);
  assert.deepEqual(machine.coverage(), []);
  assert.match(fromUtf8.decode(machine.snapshot()), /^rosterd-schedule-snapshot\/4\n/);
});

test('a version 3 snapshot (before block versions) is restored with its blocks at version 0, and a change versions the block again', () => {
  const body =
    '{"people":[{"id":"p1","name":"A","role":"resident","homeFacility":"fac-a"}],"blocks":[{"id":"b1","start":"2026-07-01","end":"2026-07-28"}],' +
    '"assignments":[],"pools":[],"locks":[],"requests":[],"coverage":[],"clockMs":5}';
  const checksum = createHash('sha256').update(body).digest('hex');
  const machine = ScheduleMachine.restore(FACILITIES, utf8.encode(`rosterd-schedule-snapshot/3\n${checksum}\n${body}`));
  assert.equal(machine.blockVersion('b1'), 0);
  assert.equal(machine.blockVersion('b9'), undefined);
  machine.apply({ requestId: 'r1', issuer: 'fac-a', timestampMs: 6, op: { kind: 'assign', assignment: { person: 'p1', facility: 'fac-a', pool: 'ICU', block: 'b1' } } }, 42);
  assert.equal(machine.blockVersion('b1'), 42);
  const again = ScheduleMachine.restore(FACILITIES, machine.snapshot());
  assert.equal(again.blockVersion('b1'), 42, 'a version 4 snapshot keeps the versions');
});
