import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplicatedState } from '../../node/replica/replicated-state.ts';
import { encodeCommand, type Facility } from '../../node/schedule/index.ts';
import type { Entry } from '../../node/raft/types.ts';

const facilities: Facility[] = ['A', 'B'].map((id) => ({ id, name: id, pools: [{ name: 'ICU', capacity: 2, reserved: 1, borrowLimit: 1, flex: false }] }));

function populated(): ReplicatedState {
  const st = ReplicatedState.empty(facilities);
  const cmd = (index: number, op: Parameters<typeof encodeCommand>[0]['op']): Entry => ({
    type: 'normal',
    index,
    term: 1,
    data: encodeCommand({ requestId: `r${index}`, issuer: 'A', timestampMs: 1_000 + index, op }),
  });
  st.apply(cmd(1, { kind: 'addBlock', block: { id: 'b1', start: '2026-01-01', end: '2026-01-28' } }));
  st.apply(cmd(2, { kind: 'addPerson', person: { id: 'p1', name: 'Ada', role: 'resident', homeFacility: 'A' } }));
  st.apply(cmd(3, { kind: 'assign', assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' } }));
  st.apply({ type: 'conf', index: 4, term: 1, change: { kind: 'addLearner', node: 'D', address: '10.0.0.4:7104' } });
  return st;
}

test('a snapshot image restores the schedule and the member address book, byte for byte', () => {
  const st = populated();
  const image = st.snapshot();
  const back = ReplicatedState.restore(facilities, image);
  assert.equal(back.memberAddress('D'), '10.0.0.4:7104');
  assert.deepEqual(back.schedule.getSchedule('b1'), st.schedule.getSchedule('b1'));
  assert.deepEqual(back.snapshot(), image);
});

test('an empty image is the empty state', () => {
  const st = ReplicatedState.restore(facilities, new Uint8Array(0));
  assert.deepEqual(st.snapshot(), ReplicatedState.empty(facilities).snapshot());
});

test('a corrupt or foreign image is refused with a message saying what is wrong', () => {
  const image = populated().snapshot();
  const header = new TextEncoder().encode('rosterd-state v2\n').length;
  const cases: [string, Uint8Array, RegExp][] = [
    ['foreign bytes', new TextEncoder().encode('{"v":1,"members":[],"schedule":""}'), /unknown format/],
    ['cut inside the header', image.subarray(0, header + 2), /unknown format/],
    ['cut inside the member list', image.subarray(0, header + 6), /truncated/],
    ['cut inside the schedule', image.subarray(0, image.length - 10), /schedule snapshot/],
  ];
  const badMembers = new Uint8Array(image);
  badMembers[header + 4] = 0x7b; // '{' where the member list's '[' was
  cases.push(['a member list that is not a list', badMembers, /member list/]);
  for (const [what, bytes, message] of cases) {
    assert.throws(() => ReplicatedState.restore(facilities, bytes), message, what);
  }
});
