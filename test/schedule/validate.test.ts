import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ID_PATTERN,
  MAX_BLOCK_DAYS,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MIN_NAME_LENGTH,
  validateCommand,
} from '../../node/schedule/index.ts';
import { isoDateToDayNumber } from '../../node/schedule/calendar-date.ts';
import type { Command } from '../../node/schedule/index.ts';
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
