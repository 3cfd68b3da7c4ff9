import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplicatedState, type StateConfig } from '../../node/replica/replicated-state.ts';
import { encodeCommand, type Command, type Facility, type Op } from '../../node/schedule/index.ts';
import { ENTRY_MAGIC, formatPublicKey } from '../../node/ledger/index.ts';
import { decodeSignedEntry } from '../../node/ledger/codec.ts';
import type { Entry } from '../../node/raft/types.ts';
import { CLUSTER, commandPayload, entry, genesisKeys, identity, sealed, tampered } from '../ledger/fixtures.ts';

const facilities: Facility[] = ['A', 'B', 'C'].map((id) => ({ id, name: id, pools: [{ name: 'ICU', capacity: 2, reserved: 1, borrowLimit: 1, flex: false }] }));
const config: StateConfig = { cluster: CLUSTER, facilities, genesisKeys: genesisKeys(['A', 'B', 'C']) };

const A = identity('A');
const B = identity('B');
const MALLORY = identity('mallory');
/** Mallory's key, signing in A's name (and in B's). */
const MALLORY_AS_A = identity('A', 'mallory');
const MALLORY_AS_B = identity('B', 'mallory');

function command(index: number, op: Op, issuer = 'A', requestId = `r${index}`): Command {
  return { requestId, issuer, timestampMs: 1_000 + index, op };
}

const addBlock: Op = { kind: 'addBlock', block: { id: 'b1', start: '2026-01-01', end: '2026-01-28' } };
const addPerson: Op = { kind: 'addPerson', person: { id: 'p1', name: 'Ada', role: 'resident', homeFacility: 'A' } };
const assign: Op = { kind: 'assign', assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' } };

/** Applies signed commands one batch per call; returns the state. */
function populated(): ReplicatedState {
  const st = ReplicatedState.empty(config);
  const data = sealed(A, [commandPayload(command(1, addBlock)), commandPayload(command(2, addPerson)), commandPayload(command(3, assign))]);
  data.forEach((d, i) => assert.equal(st.apply(entry(i + 1, d))?.ok, true));
  st.apply({ type: 'conf', index: 4, term: 1, change: { kind: 'addLearner', node: 'D', address: '10.0.0.4:7104' } });
  return st;
}

test('a snapshot image restores the schedule, the member address book and the ledger, byte for byte', () => {
  const st = populated();
  const image = st.snapshot();
  const back = ReplicatedState.restore(config, image);
  assert.equal(back.memberAddress('D'), '10.0.0.4:7104');
  assert.deepEqual(back.schedule.getSchedule('b1'), st.schedule.getSchedule('b1'));
  assert.deepEqual(back.ledger.keyring.all(), st.ledger.keyring.all());
  assert.deepEqual(back.snapshot(), image);
});

test('an image encoded in slices is the bytes of snapshot(), also when it is assembled over many slices', () => {
  const st = ReplicatedState.empty(config);
  const name = 'n'.repeat(200);
  // Enough people for an image of a few MiB: assembled a quarter MiB per slice.
  for (let i = 1; i <= 12_000; i++) st.apply(entry(i, sealed(A, [commandPayload(command(i, { kind: 'addPerson', person: { id: `p${i}`, name, role: 'resident', homeFacility: 'A' } }))])[0]!));
  const slices = st.snapshotSlices();
  let yields = 0;
  let image: Uint8Array;
  for (;;) {
    const step = slices.next();
    if (step.done) {
      image = step.value;
      break;
    }
    yields++;
  }
  assert.ok(image.length > 3 * 2 ** 20, `the image is only ${image.length} bytes`);
  assert.deepEqual(image, st.snapshot());
  assert.ok(yields > image.length / 2 ** 20, `only ${yields} slices for ${image.length} bytes`);
});

test('an empty image is the empty state', () => {
  const st = ReplicatedState.restore(config, new Uint8Array(0));
  assert.deepEqual(st.snapshot(), ReplicatedState.empty(config).snapshot());
});

test('a version 2 image (before the ledger) is read as a state whose ledger holds the genesis keys', () => {
  const members = new TextEncoder().encode('[]');
  const schedule = ReplicatedState.empty(config).schedule.snapshot();
  const magic = new TextEncoder().encode('rosterd-state v2\n');
  const image = new Uint8Array(magic.length + 4 + members.length + schedule.length);
  image.set(magic, 0);
  new DataView(image.buffer).setUint32(magic.length, members.length);
  image.set(members, magic.length + 4);
  image.set(schedule, magic.length + 4 + members.length);
  const st = ReplicatedState.restore(config, image);
  assert.deepEqual(st.ledger.keyring.all().map((k) => k.facility), ['A', 'B', 'C']);
  assert.equal(st.ledger.head().seq, 0);
});

test('a corrupt or foreign image is refused with a message saying what is wrong', () => {
  const image = populated().snapshot();
  const header = new TextEncoder().encode('rosterd-state v3\n').length;
  const membersLength = new DataView(image.buffer, image.byteOffset + header, 4).getUint32(0);
  const ledgerAt = header + 4 + membersLength;
  const cases: [string, Uint8Array, RegExp][] = [
    ['foreign bytes', new TextEncoder().encode('{"v":1,"members":[],"schedule":""}'), /unknown format/],
    ['cut inside the header', image.subarray(0, header + 2), /unknown format|truncated/],
    ['cut inside the member list', image.subarray(0, header + 6), /truncated/],
    ['cut inside the ledger', image.subarray(0, ledgerAt + 10), /truncated/],
    ['cut inside the schedule', image.subarray(0, image.length - 10), /schedule snapshot/],
  ];
  const badMembers = new Uint8Array(image);
  badMembers[header + 4] = 0x7b; // '{' where the member list's '[' was
  cases.push(['a member list that is not a list', badMembers, /member list/]);
  const badLedger = new Uint8Array(image);
  badLedger[ledgerAt + 4] = 0x5b; // '[' where the ledger's '{' was
  cases.push(['a ledger that is not an object', badLedger, /ledger/]);
  for (const [what, bytes, message] of cases) {
    assert.throws(() => ReplicatedState.restore(config, bytes), message, what);
  }
});

/** Two independent states fed the same entries: refusals must be identical on both. */
function both(entries: readonly Entry[]): { results: unknown[][]; states: ReplicatedState[] } {
  const states = [populated(), populated()];
  const results = states.map((st) => entries.map((e) => st.apply(e)));
  return { results, states };
}

test('a forged command (wrong key, payload altered after signing, a replayed signature, unsigned, another facility\'s name) is refused on every node and changes nothing', () => {
  const genuine = sealed(A, [commandPayload(command(10, { kind: 'unassign', person: 'p1', block: 'b1' })), commandPayload(command(11, addPerson, 'A', 'other'))]);
  const forgeries: [string, Uint8Array, RegExp][] = [
    ['signed in A\'s name with a key that is not A\'s', sealed(MALLORY_AS_A, [commandPayload(command(10, { kind: 'unassign', person: 'p1', block: 'b1' }))])[0]!, /does not verify/],
    [
      'A\'s signature, payload altered after signing',
      tampered(genuine[0]!, (e) => (e.payload = Buffer.from(commandPayload(command(10, { kind: 'unassign', person: 'p1', block: 'b1' }, 'A', 'r10-altered'))))),
      /audit path|does not verify/,
    ],
    [
      'A\'s signature and audit path replayed onto another command',
      tampered(sealed(A, [commandPayload(command(12, addPerson))])[0]!, (e) => {
        const donor = decodeSignedEntry(genuine[0]!.subarray(ENTRY_MAGIC.length));
        e.signature = donor.signature;
        e.batchSize = donor.batchSize;
        e.leafIndex = donor.leafIndex;
        e.auditPath = donor.auditPath;
      }),
      /does not verify/,
    ],
    ['a bare unsigned command', encodeCommand(command(10, { kind: 'unassign', person: 'p1', block: 'b1' })), /unsigned/],
    ['an envelope without a signature', tampered(genuine[0]!, (e) => (e.signature = Buffer.alloc(0))), /not signed|unsigned/],
    ['signed by B, claiming to be issued by A', sealed(B, [commandPayload(command(10, { kind: 'unassign', person: 'p1', block: 'b1' }, 'A'))])[0]!, /signed by B claims to come from A/],
    ['B registering a key for A', sealed(B, [{ kind: 'registerKey', facility: 'A', publicKey: MALLORY.publicKey }])[0]!, /cannot register a key for A/],
  ];
  for (const [what, data, message] of forgeries) {
    const { results, states } = both([entry(20, data)]);
    const before = populated().snapshot();
    for (const [i, [r]] of results.entries()) {
      assert.equal((r as { ok: boolean }).ok, false, `${what}: refused on node ${i}`);
      assert.equal((r as { code: string }).code, 'permissionDenied', what);
      assert.match((r as { message: string }).message, message, what);
    }
    assert.deepEqual(results[0], results[1], `${what}: the same refusal on every node`);
    for (const st of states) assert.deepEqual(st.snapshot(), before, `${what}: nothing changed, not even the request memory or the log clock`);
  }
});

test('a forged command under a request id does not take that id from the genuine command', () => {
  const st = populated();
  const forged = sealed(MALLORY_AS_A, [commandPayload(command(30, { kind: 'unassign', person: 'p1', block: 'b1' }, 'A', 'the-id'))])[0]!;
  assert.equal(st.apply(entry(20, forged))?.ok, false);
  const real = sealed(A, [commandPayload(command(31, addPerson, 'A', 'the-id'))])[0]!;
  const r = st.apply(entry(21, real));
  assert.equal(r?.ok, true);
  assert.equal(r?.duplicate, undefined, 'the genuine command is applied, not answered as a duplicate');
});

test('every entry of a signed batch is checked on its own: one entry of a batch of five, alone, still verifies', () => {
  const st = populated();
  const batch = sealed(A, [1, 2, 3, 4, 5].map((i) => commandPayload(command(40 + i, { kind: 'addPerson', person: { id: `q${i}`, name: 'Q', role: 'faculty', homeFacility: 'A' } }))));
  assert.equal(st.apply(entry(20, batch[3]!))?.ok, true);
  assert.ok(st.schedule.getPerson('q4'));
  assert.equal(st.schedule.getPerson('q1'), undefined);
});

test('keys enter by registration signed with the key itself, or by a membership change; never twice with different keys', () => {
  const st = ReplicatedState.empty({ cluster: CLUSTER, facilities });
  const regA = sealed(A, [{ kind: 'registerKey', facility: 'A', publicKey: A.publicKey }])[0]!;
  assert.equal(st.apply(entry(1, regA))?.ok, true);
  assert.equal(st.ledger.keyring.get('A')?.registeredAt, 1);
  assert.equal(st.apply(entry(2, regA))?.ok, true, 'the same key again is a no-op');
  // Mallory signs a registration for B with her own key: it verifies (proof of possession) and B is hers now...
  const regMallory = sealed(MALLORY_AS_B, [{ kind: 'registerKey', facility: 'B', publicKey: MALLORY.publicKey }])[0]!;
  assert.equal(st.apply(entry(3, regMallory))?.ok, true);
  // ...so B's own registration is refused, loudly: the keyring is first come, first served, and B finds out.
  const regB = sealed(B, [{ kind: 'registerKey', facility: 'B', publicKey: B.publicKey }])[0]!;
  const refused = st.apply(entry(4, regB));
  assert.equal(refused?.ok, false);
  assert.match((refused as { message: string }).message, /does not verify/);
  // A membership change carries the new member's key.
  st.apply({ type: 'conf', index: 5, term: 1, change: { kind: 'addLearner', node: 'D', address: '10.0.0.4:7104', key: formatPublicKey(identity('D').publicKey) } });
  assert.equal(st.ledger.keyring.get('D')?.registeredAt, 5);
  // Once keys exist, unsigned commands are refused.
  const bare = st.apply(entry(6, encodeCommand(command(6, addBlock))));
  assert.equal(bare?.ok, false);
});

test('a cluster without keys applies unsigned commands (an earlier version\'s log, or a run with --insecure-unsigned-commands)', () => {
  const st = ReplicatedState.empty({ cluster: CLUSTER, facilities });
  assert.equal(st.apply(entry(1, encodeCommand(command(1, addBlock))))?.ok, true);
  const unsignedEnvelope = sealed({ facility: 'A' }, [commandPayload(command(2, addPerson))])[0]!;
  assert.equal(st.apply(entry(2, unsignedEnvelope))?.ok, true);
  assert.ok(st.schedule.getPerson('p1'));
});
