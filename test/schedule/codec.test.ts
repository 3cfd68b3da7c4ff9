import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { CommandDecodeError, decodeCommand, encodeCommand } from '../../node/schedule/index.ts';
import type { Command } from '../../node/schedule/index.ts';
import { addBlock, addPerson, assign, assignment, block, command, person, unassign } from './fixtures.ts';

// An independent view of the wire schema, to craft bytes our encoder would never produce.
const CommandType = protobuf
  .loadSync(decodeURIComponent(new URL('../../proto/roster.proto', import.meta.url).pathname))
  .lookupType('rosterd.v1.Command');

function wire(message: Record<string, unknown>): Uint8Array {
  return CommandType.encode(message).finish();
}

const HEADER = { requestId: 'r1', issuer: 'fac-a', timestampMs: 1_700_000_000_000 };

test('every kind of command survives encode then decode unchanged', () => {
  const commands: Command[] = [
    addPerson(person('p1', { name: 'Zoë 李 🩺', role: 'faculty', homeFacility: 'fac-b' })),
    addPerson(person('p2', { role: 'resident' })),
    addBlock(block('b1', '2025-07-01', '2025-07-28')),
    assign(assignment('p1', 'fac-a', 'ICU', 'b1')),
    unassign('p1', 'b1'),
    command({ kind: 'unassign', person: 'p', block: 'b' }, { timestampMs: 0 }),
    command({ kind: 'unassign', person: 'p', block: 'b' }, { timestampMs: Number.MAX_SAFE_INTEGER }),
  ];
  for (const cmd of commands) assert.deepEqual(decodeCommand(encodeCommand(cmd)), cmd);
});

test('encoding is deterministic and independent of the field order of the input', () => {
  const a: Command = { ...HEADER, op: { kind: 'assign', assignment: { person: 'p', facility: 'f', pool: 'ICU', block: 'b' } } };
  const b: Command = { op: { kind: 'assign', assignment: { block: 'b', pool: 'ICU', facility: 'f', person: 'p' } }, timestampMs: HEADER.timestampMs, issuer: 'fac-a', requestId: 'r1' };
  assert.deepEqual(encodeCommand(a), encodeCommand(b));
  assert.deepEqual(encodeCommand(a), encodeCommand(a));
});

test('encoded bytes are a plain Uint8Array owned by the caller', () => {
  const bytes = encodeCommand(unassign('p', 'b'));
  assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype);
  assert.equal(bytes.byteOffset, 0);
  assert.equal(bytes.buffer.byteLength, bytes.length);
});

test('the log format is rosterd.v1.Command: unassign travels as an Assignment', () => {
  const decoded = CommandType.toObject(CommandType.decode(encodeCommand({ ...HEADER, op: { kind: 'unassign', person: 'p', block: 'b' } })), { longs: Number });
  assert.deepEqual(decoded, { ...HEADER, unassign: { person: 'p', block: 'b' } });
  // facility and pool of an Unassign are ignored by definition.
  const bytes = wire({ ...HEADER, unassign: { person: 'p', facility: 'f', pool: 'ICU', block: 'b' } });
  assert.deepEqual(decodeCommand(bytes).op, { kind: 'unassign', person: 'p', block: 'b' });
});

test('person roles map to the PersonRole enum', () => {
  const bytes = encodeCommand({ ...HEADER, op: { kind: 'addPerson', person: person('p', { role: 'faculty' }) } });
  const decoded = CommandType.toObject(CommandType.decode(bytes), { enums: String });
  assert.equal((decoded.addPerson as { role: string }).role, 'FACULTY');
});

test('malformed bytes are refused with CommandDecodeError', () => {
  const good = encodeCommand(addPerson(person('p1')));
  const malformed: Uint8Array[] = [
    good.subarray(0, good.length - 1), // truncated inside the person
    new Uint8Array([0x0a, 0x05, 0x61]), // a string longer than the bytes left
    new Uint8Array([0x0f]), // wire type 7 does not exist
    new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // endless varint
  ];
  for (const bytes of malformed) assert.throws(() => decodeCommand(bytes), CommandDecodeError, String(bytes));
});

test('a command with no op is refused with CommandDecodeError', () => {
  assert.throws(() => decodeCommand(new Uint8Array(0)), CommandDecodeError);
  assert.throws(() => decodeCommand(wire(HEADER)), (e: unknown) => e instanceof CommandDecodeError && /no op/.test(e.message));
});

test('an unknown person role is refused, not guessed', () => {
  const bytes = wire({ ...HEADER, addPerson: { id: 'p', name: 'n', role: 7, homeFacility: 'f' } });
  assert.throws(() => decodeCommand(bytes), (e: unknown) => e instanceof CommandDecodeError && /role/.test(e.message));
});

test('a timestamp beyond 2^53-1 is refused instead of rounded', () => {
  const bytes = wire({ ...HEADER, timestampMs: '9007199254740993', unassign: { person: 'p', block: 'b' } });
  assert.throws(() => decodeCommand(bytes), (e: unknown) => e instanceof CommandDecodeError && /timestamp/.test(e.message));
  const edge = wire({ ...HEADER, timestampMs: '9007199254740991', unassign: { person: 'p', block: 'b' } });
  assert.equal(decodeCommand(edge).timestampMs, Number.MAX_SAFE_INTEGER);
});

test('missing fields decode as empty strings, which validation then refuses', () => {
  const decoded = decodeCommand(wire({ assign: { person: 'p' } }));
  assert.deepEqual(decoded, {
    requestId: '',
    issuer: '',
    timestampMs: 0,
    op: { kind: 'assign', assignment: { person: 'p', facility: '', pool: '', block: '' } },
  });
});

test('decoding something that is not bytes is refused with CommandDecodeError', () => {
  assert.throws(() => decodeCommand('abc' as unknown as Uint8Array), CommandDecodeError);
});

test('a timestamp that cannot round-trip is refused at encode time', () => {
  for (const timestampMs of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
    assert.throws(() => encodeCommand({ ...HEADER, timestampMs, op: { kind: 'unassign', person: 'p', block: 'b' } }), RangeError);
  }
});

test('the commands of pools, locks and swaps survive encode then decode unchanged, lock tokens included', () => {
  const commands: Command[] = [
    command({ kind: 'setPools', facility: 'A', pools: [{ name: 'ICU', capacity: 6, reserved: 5, borrowLimit: 1, flex: false }, { name: 'Flex', capacity: 2, reserved: 0, borrowLimit: 0, flex: true }] }),
    command({ kind: 'acquireLock', block: 'b1', facility: '', holder: 'alice', ttlMs: 60_000 }),
    command({ kind: 'acquireLock', block: 'b1', facility: 'A', holder: 'alice', ttlMs: 86_400_000 }),
    command({ kind: 'renewLock', block: 'b1', facility: 'A', token: Number.MAX_SAFE_INTEGER, ttlMs: 1000 }),
    command({ kind: 'releaseLock', block: 'b1', facility: '', token: 42 }),
    command({ kind: 'exchange', first: { person: 'p1', block: 'b1' }, second: { person: 'p2', block: 'b2' } }, { lockTokens: [3, 9] }),
    command({ kind: 'move', person: 'p1', block: 'b1', toPerson: 'p2', toFacility: '', toPool: 'Flex' }, { lockTokens: [7] }),
    command({ kind: 'assign', assignment: assignment('p1', 'A', 'ICU', 'b1') }, { lockTokens: [1, 2, 3, 4] }),
  ];
  for (const cmd of commands) assert.deepEqual(decodeCommand(encodeCommand(cmd)), cmd);
});

test('lock tokens and tokens in lock ops beyond 2^53-1 are refused instead of rounded', () => {
  const tooBig = '9007199254740993';
  assert.throws(() => decodeCommand(wire({ ...HEADER, lockTokens: [tooBig], unassign: { person: 'p', block: 'b' } })), CommandDecodeError);
  assert.throws(() => decodeCommand(wire({ ...HEADER, releaseLock: { block: 'b', facility: '', token: tooBig } })), CommandDecodeError);
  assert.throws(() => encodeCommand({ ...HEADER, lockTokens: [2 ** 60], op: { kind: 'unassign', person: 'p', block: 'b' } }), RangeError);
});
