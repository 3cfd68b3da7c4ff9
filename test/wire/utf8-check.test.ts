import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientMessageRoot, malformedUtf8Field } from '../../node/wire/utf8-check.ts';

// proto3 strings must be well-formed UTF-8; decoding hides malformed bytes behind U+FFFD,
// so the check reads the encoded message. These cases pin what it finds and where.

const root = clientMessageRoot();
const AddPerson = root.lookupType('rosterd.v1.AddPersonRequest');
const SetPools = root.lookupType('rosterd.v1.SetPoolsRequest');

/** Encodes `value`, then overwrites the bytes of `marker` (ASCII, in one string field) with `bad`, which has the same length. */
function withBytes(type: typeof AddPerson, value: Record<string, unknown>, marker: string, bad: number[]): Uint8Array {
  assert.equal(bad.length, marker.length);
  const bytes = type.encode(type.fromObject(value)).finish();
  const at = Buffer.from(bytes).indexOf(marker);
  assert.ok(at >= 0, 'marker not found');
  const out = Uint8Array.from(bytes);
  out.set(bad, at);
  return out;
}

const person = (name: string) => ({ header: { requestId: 'r1' }, person: { id: 'p1', name, role: 1, homeFacility: 'A' } });

test('a request whose strings are well-formed passes, replacement characters and astral code points included', () => {
  const bytes = AddPerson.encode(AddPerson.fromObject(person('Dr \uFFFD Ada \u{1F469}\u200D\u2695 Lovelace'))).finish();
  assert.equal(malformedUtf8Field(AddPerson, bytes), undefined);
});

for (const [what, bad] of [
  ['a lone continuation byte', [0x80, 0x41, 0x41, 0x41]],
  ['a truncated two-byte sequence', [0x41, 0x41, 0x41, 0xc3]],
  ['an overlong encoding of "/"', [0xc0, 0xaf, 0x41, 0x41]],
  ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80, 0x41]],
  ['a byte never valid in UTF-8', [0x41, 0xff, 0x41, 0x41]],
] as const) {
  test(`${what} in a nested string field is found and named by its path`, () => {
    assert.equal(malformedUtf8Field(AddPerson, withBytes(AddPerson, person('MARK'), 'MARK', [...bad])), 'person.name');
  });
}

test('a malformed string inside a repeated message is named by the repeated field', () => {
  const value = { header: { requestId: 'r1' }, facility: 'A', pools: [{ name: 'ICU', capacity: 1 }, { name: 'MARK', capacity: 1 }] };
  assert.equal(malformedUtf8Field(SetPools, withBytes(SetPools, value, 'MARK', [0x41, 0xff, 0x41, 0x41])), 'pools.name');
});

test('the first malformed field is reported, in wire order', () => {
  const value = { header: { requestId: 'MRK1' }, person: { id: 'p1', name: 'MRK2', role: 0, homeFacility: 'A' } };
  const once = withBytes(AddPerson, value, 'MRK2', [0xff, 0x41, 0x41, 0x41]);
  const both = Uint8Array.from(once);
  both.set([0xff, 0x41, 0x41, 0x41], Buffer.from(once).indexOf('MRK1'));
  assert.equal(malformedUtf8Field(AddPerson, both), 'header.requestId');
});

test('bytes that are no message at all are left to the decoder to refuse', () => {
  assert.equal(malformedUtf8Field(AddPerson, Uint8Array.from([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f])), undefined);
});
