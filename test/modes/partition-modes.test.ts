/**
 * CP and AP through a partition, on the production stack in the simulation
 * (test/modes/sim): a node cut off from the quorum refuses final approvals at once and
 * journals emergency coverage; the healer brings the journal into the log after the
 * heal; conflicting coverage from both sides is reconciled the same way everywhere.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartitionError } from '../../node/errors.ts';
import { RELIABLE } from '../raft/sim/network.ts';
import { ModesCluster, settled } from './sim/cluster.ts';

async function cluster(seed: number): Promise<ModesCluster> {
  const c = new ModesCluster({ seed, faults: RELIABLE });
  await c.runUntil(() => c.leader() !== undefined, 500, 'leader');
  const l = c.leader()!.service!;
  for (const p of ['p1', 'p2', 'p3', 'p4']) await settled(c, l.write({ kind: 'addPerson', person: { id: p, name: `Dr ${p}`, role: 'faculty', homeFacility: 'A' } }, {}));
  await settled(c, l.write({ kind: 'addBlock', block: { id: 'b1', start: '2026-07-01', end: '2026-07-28' } }, {}));
  await c.runUntil(() => c.live().every((n) => n.replica!.appliedState().state.schedule.getBlock('b1') !== undefined), 200, 'setup everywhere');
  return c;
}

/** Cuts `id` off and waits until it knows it is in a minority. */
async function cutOff(c: ModesCluster, id: string): Promise<void> {
  c.isolate(id);
  await c.runUntil(() => c.node(id).replica!.partition().state === 'minority', 200, `${id} seeing the minority`);
}

test('a minority node refuses a final approval at once, naming what it reaches', async () => {
  const c = await cluster(1);
  const cut = c.ids().find((id) => id !== c.leader()!.id)!;
  await cutOff(c, cut);
  const before = c.now;
  await assert.rejects(
    settled(c, c.node(cut).service!.write({ kind: 'assign', assignment: { person: 'p1', facility: 'B', pool: 'ICU', block: 'b1' } }, {})),
    (e: unknown) => {
      assert.ok(e instanceof PartitionError, String(e));
      const others = c.ids().filter((id) => id !== cut).join(', ');
      assert.equal(e.message, `Cannot create assignment: network partition detected. This operation requires CP consistency. Partition state: minority. Reachable: ${cut}. Unreachable: ${others}.`);
      return true;
    },
  );
  assert.equal(c.now, before, 'refused within the step it arrived');
});

test('a minority node journals emergency coverage and answers provisional; after the heal it is in the schedule on every node', async () => {
  const c = await cluster(2);
  const cut = c.ids().find((id) => id !== c.leader()!.id)!;
  await cutOff(c, cut);
  const out = await settled(c, c.node(cut).service!.cover({ kind: 'cover', assignment: { person: 'p1', facility: cut, pool: 'ICU', block: 'b1' } }, { requestId: 'cov-1', reason: 'night shift' }));
  assert.equal(out.kind, 'journaled');
  assert.equal(out.kind === 'journaled' && out.detail, `provisional, journaled on ${cut}`);
  assert.equal(c.node(cut).journalDisk.size, 1, 'durable before the answer');
  // The majority goes on with final approvals meanwhile.
  const leader = c.leader()!;
  await settled(c, leader.service!.write({ kind: 'assign', assignment: { person: 'p2', facility: 'A', pool: 'Clinic', block: 'b1' } }, {}));
  c.heal();
  await c.runUntil(() => c.converged(), 2000, 'reconciliation');
  for (const n of c.live()) {
    const r = n.replica!.appliedState().state.schedule.coverageRecord('cov-1');
    assert.equal(r?.status.kind, 'standing', `${n.id}: ${JSON.stringify(r?.status)}`);
  }
});

test('a journaled write survives kill -9 of its node and is reconciled after the restart and the heal', async () => {
  const c = await cluster(3);
  const cut = c.ids().find((id) => id !== c.leader()!.id)!;
  await cutOff(c, cut);
  await settled(c, c.node(cut).service!.cover({ kind: 'cover', assignment: { person: 'p3', facility: cut, pool: 'ICU', block: 'b1' } }, { requestId: 'cov-k' }));
  c.crash(cut);
  c.restart(cut);
  assert.equal(c.node(cut).journal!.entries().length, 1, 'the journal is read back from disk');
  c.heal();
  await c.runUntil(() => c.converged(), 2000, 'reconciliation');
  for (const n of c.live()) assert.equal(n.replica!.appliedState().state.schedule.coverageRecord('cov-k')?.status.kind, 'standing');
});

test('covers for one person accepted on both sides of a partition: the earlier stamp wins on every node, the other is kept as a conflict', async () => {
  const c = await cluster(4);
  const leader = c.leader()!.id;
  const cut = c.ids().find((id) => id !== leader)!;
  await cutOff(c, cut);
  // The cut-off facility covers first (earlier stamp); the majority covers the same person later.
  await settled(c, c.node(cut).service!.cover({ kind: 'cover', assignment: { person: 'p4', facility: cut, pool: 'ICU', block: 'b1' } }, { requestId: 'early' }));
  await c.run(5);
  const late = await settled(c, c.node(leader).service!.cover({ kind: 'cover', assignment: { person: 'p4', facility: leader, pool: 'Clinic', block: 'b1' } }, { requestId: 'late' }));
  assert.equal(late.kind, 'committed');
  c.heal();
  await c.runUntil(() => c.converged(), 2000, 'reconciliation');
  for (const n of c.live()) {
    const s = n.replica!.appliedState().state.schedule;
    assert.equal(s.coverageRecord('early')?.status.kind, 'standing', n.id);
    const lost = s.coverageRecord('late')?.status;
    assert.ok(lost?.kind === 'conflict' && lost.winner?.id === 'early', `${n.id}: ${JSON.stringify(lost)}`);
  }
});

test('a final approval made by the majority beats emergency coverage journaled in the minority', async () => {
  const c = await cluster(5);
  const leader = c.leader()!.id;
  const cut = c.ids().find((id) => id !== leader)!;
  await cutOff(c, cut);
  await settled(c, c.node(cut).service!.cover({ kind: 'cover', assignment: { person: 'p1', facility: cut, pool: 'ICU', block: 'b1' } }, { requestId: 'cov-f' }));
  await settled(c, c.node(leader).service!.write({ kind: 'assign', assignment: { person: 'p1', facility: leader, pool: 'Clinic', block: 'b1' } }, {}));
  c.heal();
  await c.runUntil(() => c.converged(), 2000, 'reconciliation');
  for (const n of c.live()) {
    const st = n.replica!.appliedState().state.schedule.coverageRecord('cov-f')?.status;
    assert.ok(st?.kind === 'conflict' && st.winner?.source === 'final', `${n.id}: ${JSON.stringify(st)}`);
  }
});
