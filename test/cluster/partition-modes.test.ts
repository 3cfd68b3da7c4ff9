/**
 * CP and AP through a partition, on real daemons: one facility is cut off with
 * `rosterctl fault isolate` (nodes started with --fault-injection), refuses final
 * approvals at once naming the partition, journals emergency coverage durably (it
 * survives kill -9), and after `fault heal` the coverage is reconciled on every node:
 * in the schedule, or a conflict a coordinator settles.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runInProcess } from '../cli/run-cli.ts';
import { Cluster, waitFor } from './harness.ts';

let c: Cluster;
before(async () => {
  c = await Cluster.start({ flags: ['--fault-injection'] });
});
after(async () => {
  await c?.stop();
});

const all = (): string => [...c.nodes.values()].map((n) => n.address).join(',');
const rosterctl = (endpoints: string, ...args: string[]) => runInProcess(['--json', '--timeout', '15000', '--endpoints', endpoints, ...args]);

async function partitionState(id: string): Promise<string | undefined> {
  const r = await c.node(id).call('admin', 'Status', {}, 2000);
  return r.ok ? (r.value.partitionState as string) : undefined;
}

test('a cut-off facility refuses final approvals at once, naming the partition, and journals emergency coverage, which survives kill -9 and is reconciled on every node after the heal', async () => {
  const leader = await c.waitForLeader();
  const cut = [...c.nodes.keys()].find((id) => id !== leader)!;
  const others = [...c.nodes.keys()].filter((id) => id !== cut).sort();
  for (const args of [
    ['person', 'add', 'r1', '--name', 'Dr One', '--role', 'resident', '--home', 'A'],
    ['person', 'add', 'r2', '--name', 'Dr Two', '--role', 'faculty', '--home', 'B'],
    ['block', 'add', 'b1', '--start', '2026-07-01', '--end', '2026-07-28'],
  ]) {
    const r = await rosterctl(all(), ...args);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  }
  // The block is the last of the three writes: once the cut-off node has applied it, it has them all.
  await waitFor(async () => {
    const r = await c.node(cut).call('roster', 'ListBlocks', { read: { stale: true } });
    return r.ok && (r.value.blocks as { id: string }[]).some((b) => b.id === 'b1');
  }, 'the block on the cut-off node');

  const iso = await rosterctl(all(), 'fault', 'isolate', cut);
  assert.equal(iso.code, 0, iso.stdout + iso.stderr);
  await waitFor(async () => (await partitionState(cut)) === 'minority', `${cut} in a minority`);

  // A final approval at the cut-off node: refused at once, with the reference's words.
  const refused = await rosterctl(c.node(cut).address, 'assign', 'r1', '--block', 'b1', '--facility', cut, '--pool', 'ICU');
  assert.equal(refused.code, 3, refused.stdout);
  const error = (JSON.parse(refused.stdout) as { error: { code: string; message: string } }).error;
  assert.equal(error.code, 'PARTITIONED');
  assert.equal(
    error.message,
    `Cannot create assignment: network partition detected. This operation requires CP consistency. Partition state: minority. Reachable: ${cut}. Unreachable: ${others.join(', ')}.`,
  );
  assert.ok(refused.ms < 5000, `refused in ${refused.ms} ms`);

  // Emergency coverage there: journaled, provisional.
  const cover = await rosterctl(c.node(cut).address, 'cover', 'r1', '--block', 'b1', '--facility', cut, '--pool', 'ICU', '--reason', 'night shift', '--request-id', 'cover-r1');
  assert.equal(cover.code, 0, cover.stdout + cover.stderr);
  const covered = JSON.parse(cover.stdout) as { outcome: string; journaledOn: string };
  assert.deepEqual([covered.outcome, covered.journaledOn], ['PROVISIONAL', cut]);
  // Meanwhile the majority approves r2 where a second cover at the cut-off node wants them.
  const final = await rosterctl(others.map((id) => c.node(id).address).join(','), 'assign', 'r2', '--block', 'b1', '--facility', others[0]!, '--pool', 'Clinic');
  assert.equal(final.code, 0, final.stdout + final.stderr);
  const lost = await rosterctl(c.node(cut).address, 'cover', 'r2', '--block', 'b1', '--facility', cut, '--pool', 'ICU', '--request-id', 'cover-r2');
  assert.equal(lost.code, 0, lost.stdout + lost.stderr);

  // kill -9 of the cut-off node: its journal is the only copy of the two covers. It comes
  // back with its links up (isolation is not kept across a restart); heal is then a no-op.
  await c.restart(cut);
  await waitFor(async () => (await c.node(cut).call('admin', 'Status', {}, 1000)).ok, `${cut} back`);
  const heal = await rosterctl(all(), 'fault', 'heal', cut);
  assert.equal(heal.code, 0, heal.stdout + heal.stderr);

  // Reconciled on every node: cover-r1 stands, cover-r2 lost to the final approval.
  for (const id of c.nodes.keys()) {
    await waitFor(async () => {
      const r = await c.node(id).call('roster', 'ListCoverage', { read: { stale: true } }, 2000);
      if (!r.ok) return false;
      const byId = new Map((r.value.entries as { id: string; provisional: boolean; status: { kind: string } }[]).filter((e) => !e.provisional).map((e) => [e.id, e.status.kind]));
      return byId.get('cover-r1') === 'STANDING' && byId.get('cover-r2') === 'CONFLICT';
    }, `reconciliation on ${id}`);
  }
  await waitFor(async () => {
    const s = await c.node(cut).call('admin', 'Status', {}, 2000);
    return s.ok && Number(s.value.journalWrites) === 0;
  }, 'the journal emptied');

  // A coordinator settles the conflict (a final approval): dismissed, it no longer shows.
  const conflicts = await rosterctl(all(), 'conflicts', 'list');
  assert.equal(conflicts.code, 0, conflicts.stderr);
  assert.deepEqual((JSON.parse(conflicts.stdout) as { entries: { id: string }[] }).entries.map((e) => e.id), ['cover-r2']);
  const resolve = await rosterctl(all(), 'conflicts', 'resolve', 'cover-r2', '--dismiss');
  assert.equal(resolve.code, 0, resolve.stdout + resolve.stderr);
  const after = await rosterctl(all(), 'conflicts', 'list');
  assert.deepEqual((JSON.parse(after.stdout) as { entries: unknown[] }).entries, []);
});

test('rosterctl status shows each node\'s partition state and the links matrix', async () => {
  await c.waitForLeader();
  await waitFor(async () => (await Promise.all([...c.nodes.keys()].map(partitionState))).every((s) => s === 'connected'), 'every node connected');
  const r = await rosterctl(all(), 'status');
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { members: { id: string; partitionState: string; links: { peer: string; reaches: boolean; breaker: string }[] }[] };
  for (const m of doc.members) {
    assert.equal(m.partitionState, 'connected');
    assert.deepEqual(m.links.map((l) => [l.peer, l.reaches]), doc.members.filter((o) => o.id !== m.id).map((o) => [o.id, true]));
  }
});
