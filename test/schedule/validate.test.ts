import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkId,
  ID_PATTERN,
  NODE_ID_PATTERN,
  MAX_COMMAND_BYTES,
  MAX_LOCK_TOKENS,
  MAX_LOCK_TTL_MS,
  MAX_POOLS_PER_FACILITY,
  MAX_POOL_SEATS,
  MIN_LOCK_TTL_MS,
  encodeCommand,
  MAX_BLOCK_DAYS,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MIN_NAME_LENGTH,
  validateCommand,
} from '../../node/schedule/index.ts';
import { isoDateToDayNumber } from '../../node/schedule/calendar-date.ts';
import { echoInput, MAX_ECHO_CHARACTERS } from '../../node/schedule/input-echo.ts';
import type { Command, Op, PoolSpec } from '../../node/schedule/index.ts';
import { addBlock, addPerson, assign, assignment, block, command, person, unassign } from './fixtures.ts';

function assertValid(cmd: Command): void {
  assert.equal(validateCommand(cmd), undefined);
}

function assertInvalid(cmd: Command, field: string): void {
  const message = validateCommand(cmd);
  assert.ok(message !== undefined, `expected ${field} to be refused`);
  assert.ok(message.startsWith(`${field}:`), `message should name ${field}: ${message}`);
}

test('the limits are the documented ones', () => {
  assert.equal(MAX_ID_LENGTH, 64);
  assert.equal(MIN_NAME_LENGTH, 1);
  assert.equal(MAX_NAME_LENGTH, 200);
  assert.equal(MAX_BLOCK_DAYS, 366);
  assert.equal(ID_PATTERN.source, '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$');
  assert.equal(NODE_ID_PATTERN.source, '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');
});

test('a node id is a schedule id without ":"', () => {
  for (const id of ['A', 'mtf-2.north_wing', 'x'.repeat(64)]) {
    assert.ok(NODE_ID_PATTERN.test(id) && ID_PATTERN.test(id), id);
  }
  for (const id of ['A:1', 'req:42']) {
    assert.ok(ID_PATTERN.test(id) && !NODE_ID_PATTERN.test(id), id);
  }
  for (const id of ['', '-A', 'A/B', 'x'.repeat(65)]) {
    assert.ok(!ID_PATTERN.test(id) && !NODE_ID_PATTERN.test(id), id);
  }
});

test('well-formed commands of every kind pass', () => {
  assertValid(addPerson(person('p1')));
  assertValid(addBlock(block('b1')));
  assertValid(assign(assignment('p1', 'fac-a', 'ICU', 'b1')));
  assertValid(unassign('p1', 'b1'));
});

// Every id field, with a builder that puts `id` in that field and nowhere else.
const ID_FIELDS: ReadonlyArray<[string, (id: string) => Command]> = [
  ['requestId', (id) => command({ kind: 'unassign', person: 'p', block: 'b' }, { requestId: id })],
  ['issuer', (id) => command({ kind: 'unassign', person: 'p', block: 'b' }, { issuer: id })],
  ['op.person.id', (id) => addPerson(person(id))],
  ['op.person.homeFacility', (id) => addPerson(person('p', { homeFacility: id }))],
  ['op.block.id', (id) => addBlock(block(id))],
  ['op.assignment.person', (id) => assign(assignment(id, 'f', 'pool', 'b'))],
  ['op.assignment.facility', (id) => assign(assignment('p', id, 'pool', 'b'))],
  ['op.assignment.pool', (id) => assign(assignment('p', 'f', id, 'b'))],
  ['op.assignment.block', (id) => assign(assignment('p', 'f', 'pool', id))],
  ['op.person', (id) => unassign(id, 'b')],
  ['op.block', (id) => unassign('p', id)],
];

test('every id may be 1 to 64 characters long, and no longer', () => {
  for (const [field, build] of ID_FIELDS) {
    assertValid(build('x'));
    assertValid(build('x'.repeat(MAX_ID_LENGTH)));
    assertInvalid(build('x'.repeat(MAX_ID_LENGTH + 1)), field);
    assertInvalid(build(''), field);
  }
});

test('an id is letters, digits and . _ : - and starts with a letter or digit', () => {
  for (const [field, build] of ID_FIELDS) {
    assertValid(build('Az09._:-x'));
    for (const bad of ['.x', '-x', '_x', ':x', 'a/b', 'a b', 'é', 'a\n', 'a\u0000', 'a+b']) {
      assertInvalid(build(bad), field);
    }
  }
});

test('a name is 1 to 200 characters, counted in code points', () => {
  const named = (name: string): Command => addPerson(person('p', { name }));
  assertValid(named('A'));
  assertValid(named('a'.repeat(MAX_NAME_LENGTH)));
  assertInvalid(named(''), 'op.person.name');
  assertInvalid(named('a'.repeat(MAX_NAME_LENGTH + 1)), 'op.person.name');
  // 200 astral code points are 400 UTF-16 units: still 200 characters.
  assertValid(named('🩺'.repeat(MAX_NAME_LENGTH)));
  assertInvalid(named('🩺'.repeat(MAX_NAME_LENGTH + 1)), 'op.person.name');
  assertValid(named('Zoë Ñúñez-O\'Brien 李'));
});

test('a name has no control characters and is well-formed Unicode', () => {
  const named = (name: string): Command => addPerson(person('p', { name }));
  for (const control of ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f']) {
    assertInvalid(named(`Dr.${control}Who`), 'op.person.name');
  }
  assertInvalid(named('Dr. \ud83e'), 'op.person.name');
  assertInvalid(named('\udc00Dr.'), 'op.person.name');
});

test('a role is resident or faculty', () => {
  assertValid(addPerson(person('p', { role: 'faculty' })));
  assertInvalid(addPerson(person('p', { role: 'nurse' as 'faculty' })), 'op.person.role');
});

test('block dates are real calendar dates written YYYY-MM-DD', () => {
  // One-day blocks, so that only the date form is under test.
  const dated = (day: string): Command => addBlock(block('b', day, day));
  assertValid(dated('2024-02-29'));
  assertValid(dated('0001-01-01'));
  assertValid(dated('9999-12-31'));
  for (const bad of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-01',
    '24-01-01', '2024-01-01T00:00', ' 2024-01-01', '2024/01/01', '0000-01-01', '２０２４-01-01', '']) {
    assertInvalid(dated(bad), 'op.block.start');
  }
  assertInvalid(addBlock(block('b', '2024-01-01', '2024-02-30')), 'op.block.end');
  assertValid(dated('2000-02-29'));
});

test('a block starts no later than it ends: a one-day block is fine', () => {
  assertValid(addBlock(block('b', '2025-03-01', '2025-03-01')));
  assertInvalid(addBlock(block('b', '2025-03-02', '2025-03-01')), 'op.block');
});

test('a block is at most 366 days long, both ends included', () => {
  assertValid(addBlock(block('b', '2023-01-01', '2024-01-01'))); // 366 days
  assertInvalid(addBlock(block('b', '2023-01-01', '2024-01-02')), 'op.block'); // 367 days
  assertValid(addBlock(block('b', '2024-01-01', '2024-12-31'))); // a leap year: 366 days
  assertInvalid(addBlock(block('b', '2023-12-31', '2024-12-31')), 'op.block'); // 367 days
});

test('calendar day numbers agree with the proleptic Gregorian calendar', () => {
  for (let ms = Date.UTC(1899, 0, 1); ms <= Date.UTC(2101, 0, 1); ms += 86_400_000 * 7 + 3_600_000 * 5) {
    const iso = new Date(ms).toISOString().slice(0, 10);
    assert.equal(isoDateToDayNumber(iso), Math.floor(ms / 86_400_000), iso);
  }
});

test('timestampMs is an integer from 0 to 2^53-1', () => {
  const at = (timestampMs: number): Command => command({ kind: 'unassign', person: 'p', block: 'b' }, { timestampMs });
  assertValid(at(0));
  assertValid(at(Number.MAX_SAFE_INTEGER));
  for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assertInvalid(at(bad), 'timestampMs');
  }
});

test('validation never throws, whatever it is given, and names what is wrong', () => {
  const garbage: unknown[] = [null, undefined, 7, 'x', {}, { requestId: 'r', issuer: 'i', timestampMs: 0 },
    { requestId: 'r', issuer: 'i', timestampMs: 0, op: { kind: 'drop' } },
    { requestId: 'r', issuer: 'i', timestampMs: 0, op: { kind: 'addPerson' } },
    { requestId: 'r', issuer: 'i', timestampMs: '5', op: { kind: 'unassign', person: 'p', block: 'b' } },
    { requestId: 'r', issuer: 'i', timestampMs: 0, op: { kind: 'addBlock', block: { id: 'b', start: 5, end: null } } }];
  for (const value of garbage) {
    const message = validateCommand(value as Command);
    assert.equal(typeof message, 'string', JSON.stringify(value));
  }
  assert.match(validateCommand(garbage[6] as Command) ?? '', /^op\.kind:/);
});

// ---------------------------------------------------------------- pools, locks, swaps


const spec = (name: string, capacity = 2, reserved = 1, borrowLimit = 0, flex = false): PoolSpec => ({ name, capacity, reserved, borrowLimit, flex });
const withOp = (op: Op, extra: Partial<Command> = {}): Command => ({ requestId: 'r', issuer: 'A', timestampMs: 1, op, ...extra });

test('the limits of pools, locks and commands are the documented ones', () => {
  assert.equal(MAX_POOLS_PER_FACILITY, 16);
  assert.equal(MAX_POOL_SEATS, 1000);
  assert.equal(MIN_LOCK_TTL_MS, 1000);
  assert.equal(MAX_LOCK_TTL_MS, 86_400_000);
  assert.equal(MAX_LOCK_TOKENS, 4);
  assert.equal(MAX_COMMAND_BYTES, 16 * 1024);
});

test('a pool table: 1..16 pools, seats 0..1000, reserved <= capacity, one flex pool that does not borrow', () => {
  const set = (pools: PoolSpec[]) => withOp({ kind: 'setPools', facility: 'A', pools });
  assertValid(set([spec('ICU', 6, 5, 1), spec('Flex', 2, 0, 0, true)]));
  assertValid(set([spec('ICU', 0, 0, 0)]));
  assertValid(set(Array.from({ length: MAX_POOLS_PER_FACILITY }, (_, i) => spec(`p${i}`))));
  assertValid(set([spec('ICU', MAX_POOL_SEATS, MAX_POOL_SEATS, MAX_POOL_SEATS)]));
  assertInvalid(set([]), 'op.pools');
  assertInvalid(set(Array.from({ length: MAX_POOLS_PER_FACILITY + 1 }, (_, i) => spec(`p${i}`))), 'op.pools');
  assertInvalid(set([spec('ICU', MAX_POOL_SEATS + 1, 1)]), 'op.pools[0].capacity');
  assertInvalid(set([spec('ICU', 2, 3)]), 'op.pools[0].reserved');
  assertInvalid(set([spec('ICU', 2, 1, -1)]), 'op.pools[0].borrowLimit');
  assertInvalid(set([spec('ICU', 1.5, 1)]), 'op.pools[0].capacity');
  assertInvalid(set([spec('bad pool')]), 'op.pools[0].name');
  assertInvalid(set([spec('ICU'), spec('ICU')]), 'op.pools[1].name');
  assertInvalid(set([spec('F1', 2, 0, 0, true), spec('F2', 2, 0, 0, true)]), 'op.pools[1].flex');
  assertInvalid(set([spec('Flex', 2, 0, 1, true)]), 'op.pools[0].borrowLimit');
  assertInvalid(withOp({ kind: 'setPools', facility: '', pools: [spec('ICU')] }), 'op.facility');
});

test('locks: a block id, an optional facility, a holder id, a TTL of 1 s .. 24 h and positive tokens', () => {
  const acquire = (ttlMs: number, facility = '', holder = 'alice'): Command => withOp({ kind: 'acquireLock', block: 'b', facility, holder, ttlMs });
  assertValid(acquire(MIN_LOCK_TTL_MS));
  assertValid(acquire(MAX_LOCK_TTL_MS, 'A'));
  assertInvalid(acquire(MIN_LOCK_TTL_MS - 1), 'op.ttlMs');
  assertInvalid(acquire(MAX_LOCK_TTL_MS + 1), 'op.ttlMs');
  assertInvalid(acquire(60_000, 'A/B'), 'op.facility');
  assertInvalid(acquire(60_000, '', ''), 'op.holder');
  assertValid(withOp({ kind: 'renewLock', block: 'b', facility: '', token: 1, ttlMs: 60_000 }));
  assertInvalid(withOp({ kind: 'renewLock', block: 'b', facility: '', token: 0, ttlMs: 60_000 }), 'op.token');
  assertInvalid(withOp({ kind: 'releaseLock', block: 'b', facility: '', token: Number.MAX_SAFE_INTEGER + 2 }), 'op.token');
});

test('lock tokens: at most 4, positive integers, and only on edits of assignments', () => {
  const edit = (lockTokens: number[]) => withOp({ kind: 'unassign', person: 'p', block: 'b' }, { lockTokens });
  assertValid(edit([]));
  assertValid(edit([1, 2, 3, 4]));
  assertInvalid(edit([1, 2, 3, 4, 5]), 'lockTokens');
  assertInvalid(edit([0]), 'lockTokens[0]');
  assertInvalid(edit([1, -3]), 'lockTokens[1]');
  assertInvalid(withOp({ kind: 'addBlock', block: { id: 'b', start: '2026-01-01', end: '2026-01-02' } }, { lockTokens: [1] }), 'lockTokens');
});

test('an exchange names two assignments of two different people; a move must change something', () => {
  assertValid(withOp({ kind: 'exchange', first: { person: 'p1', block: 'b1' }, second: { person: 'p2', block: 'b2' } }));
  assertInvalid(withOp({ kind: 'exchange', first: { person: 'p1', block: 'b1' }, second: { person: 'p1', block: 'b2' } }), 'op.second.person');
  assertInvalid(withOp({ kind: 'exchange', first: { person: 'p1', block: '' }, second: { person: 'p2', block: 'b2' } }), 'op.first.block');
  assertValid(withOp({ kind: 'move', person: 'p', block: 'b', toPerson: 'q', toFacility: '', toPool: '' }));
  assertInvalid(withOp({ kind: 'move', person: 'p', block: 'b', toPerson: '', toFacility: '', toPool: '' }), 'op');
  assertInvalid(withOp({ kind: 'move', person: 'p', block: 'b', toPerson: 'no way', toFacility: '', toPool: '' }), 'op.toPerson');
});

test('every command within the field limits encodes well under MAX_COMMAND_BYTES', () => {
  const big = 'x'.repeat(64);
  const pools = Array.from({ length: MAX_POOLS_PER_FACILITY }, (_, i) => spec(`${big.slice(0, 60)}${i}`, MAX_POOL_SEATS, MAX_POOL_SEATS, MAX_POOL_SEATS));
  const bytes = encodeCommand({ requestId: big, issuer: big, timestampMs: Number.MAX_SAFE_INTEGER, op: { kind: 'setPools', facility: big, pools } });
  assert.ok(bytes.length < MAX_COMMAND_BYTES / 4, `${bytes.length} bytes`);
});

test('a refusal quotes at most MAX_ECHO_CHARACTERS of the input, with its length', () => {
  assert.equal(echoInput('bad id!'), '"bad id!"');
  const long = 'z'.repeat(10_000);
  const echo = echoInput(long);
  assert.equal(echo, `"${'z'.repeat(MAX_ECHO_CHARACTERS)}…" (10000 characters)`);
  assert.match(checkId('person', long) ?? '', /\(got "z{40}…" \(10000 characters\)\)$/);
  assert.equal(echoInput('tab\there'), '"tab\\there"');
  assert.equal(echoInput(42), 'number');
});
