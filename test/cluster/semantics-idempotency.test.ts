import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { Cluster, sleep, waitFor, type CallResult } from './harness.ts';

// A client retry (same request id) is applied at most once and answered with the first
// outcome, across leader kills, full restarts and snapshot installs. The write used is a
// swap: applied twice it would undo itself, so "applied once" is visible in the schedule.

const BLOCK = 'b1';

async function must(r: Promise<CallResult>, what: string): Promise<any> {
  const res = await r;
  assert.ok(res.ok, `${what}: ${JSON.stringify(res)}`);
  return res.value;
}

async function setUp(c: Cluster): Promise<void> {
  await must(c.leaderCall('roster', 'AddBlock', { block: { id: BLOCK, start: '2026-07-01', end: '2026-07-28' } }), 'block');
  for (const p of ['p1', 'p2']) await must(c.leaderCall('roster', 'AddPerson', { person: { id: p, name: `Dr ${p}`, role: 'RESIDENT', homeFacility: 'A' } }), p);
  await must(c.leaderCall('roster', 'Assign', { assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: BLOCK } }), 'p1');
  await must(c.leaderCall('roster', 'Assign', { assignment: { person: 'p2', facility: 'A', pool: 'Clinic', block: BLOCK } }), 'p2');
}

const swap = (requestId: string) => ({
  header: { requestId },
  exchange: { first: { person: 'p1', block: BLOCK }, second: { person: 'p2', block: BLOCK } },
});

/** p1's pool in the block, read linearizably on `node` (or the leader). */
async function poolOf(c: Cluster, person: string, node?: string): Promise<string> {
  const r = node ? await c.node(node).call('roster', 'GetSchedule', { block: BLOCK }, 5000) : await c.leaderCall('roster', 'GetSchedule', { block: BLOCK });
  assert.ok(r.ok, JSON.stringify(r));
  return (r.value.assignments as { person: string; pool: string }[]).find((a) => a.person === person)?.pool ?? '';
}

/** Retries `req` (same request id) through leaderCall until a definite answer. */
async function retryUntilAnswered(c: Cluster, method: string, req: unknown): Promise<any> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await c.leaderCall('roster', method, req, 8000);
    if (r.ok) return r.value;
    const transient = r.error.code === grpc.status.UNAVAILABLE || r.error.code === grpc.status.DEADLINE_EXCEEDED || r.error.code === grpc.status.FAILED_PRECONDITION;
    assert.ok(transient && Date.now() < deadline, `${method}: ${JSON.stringify(r.error)}`);
    await sleep(100);
  }
}

test('a retried write is applied once across a leader kill: the retry gets the first outcome', async () => {
  const c = await Cluster.start();
  try {
    await setUp(c);
    const leader = await c.waitForLeader();
    const first = await must(c.node(leader).call('roster', 'Swap', swap('swap-1')), 'swap');
    assert.equal(first.retried, false);
    assert.equal(await poolOf(c, 'p1'), 'Clinic');
    // The reply was "lost": the leader dies, the client retries elsewhere with the same id.
    await c.kill(leader, 'SIGKILL');
    await c.waitForLeader(15_000, [...c.nodes.keys()].filter((id) => id !== leader));
    const retry = await retryUntilAnswered(c, 'Swap', swap('swap-1'));
    assert.equal(retry.retried, true, 'the new leader recognises the request id');
    assert.equal(retry.index, first.index, 'the first outcome: same index');
    assert.equal(retry.detail, first.detail, 'the first outcome: same detail');
    assert.equal(await poolOf(c, 'p1'), 'Clinic', 'swapped once (twice would have undone it)');
    // The killed node comes back and agrees.
    c.spawn(leader);
    await c.waitForLeader(15_000);
    await waitFor(async () => (await poolOf(c, 'p1', leader).catch(() => '')) === 'Clinic', `${leader} to catch up`);
    // A different command under a used request id is refused, not applied.
    const reuse = await c.leaderCall('roster', 'Unassign', { header: { requestId: 'swap-1' }, assignment: { person: 'p1', block: BLOCK } });
    assert.equal(reuse.ok, false);
    assert.match(!reuse.ok ? reuse.error.details : '', /request id swap-1 was already used at index \d+ for a different command/);
  } finally {
    await c.stop();
  }
});

test('retries racing a leader kill: each swap is applied exactly once, whether or not the first attempt committed', async () => {
  const c = await Cluster.start();
  try {
    await setUp(c);
    let expected = 'ICU';
    for (let round = 0; round < 4; round++) {
      const leader = await c.waitForLeader(20_000);
      const id = `race-${round}`;
      // Send to the leader and kill it a few ms later: the swap may or may not have committed.
      const inFlight = c.node(leader).call('roster', 'Swap', swap(id), 3000);
      await sleep(2 + round * 3);
      await c.kill(leader, 'SIGKILL');
      const first = await inFlight;
      const answer = await retryUntilAnswered(c, 'Swap', swap(id));
      expected = expected === 'ICU' ? 'Clinic' : 'ICU';
      assert.equal(await poolOf(c, 'p1'), expected, `round ${round}: applied exactly once (first attempt ${first.ok ? 'answered' : grpc.status[first.error.code]}, retry ${answer.retried ? 'deduplicated' : 'applied'})`);
      c.spawn(leader);
      await c.waitForLeader(20_000);
    }
  } finally {
    await c.stop();
  }
});

test('request ids survive a restart of every node and a snapshot install', async () => {
  const c = await Cluster.start({ flags: ['--snapshot-entries', '40', '--keep-entries', '5'] });
  try {
    await setUp(c);
    const leader = await c.waitForLeader();
    const lagger = [...c.nodes.keys()].find((id) => id !== leader)!;
    await c.kill(lagger, 'SIGKILL');
    const first = await must(c.leaderCall('roster', 'Swap', swap('swap-persist')), 'swap');
    // Enough writes for the others to snapshot and compact the swap out of their logs.
    for (let i = 0; i < 120; i++) await must(c.leaderCall('roster', 'AddBlock', { block: { id: `fill-${i}`, start: '2026-01-01', end: '2026-01-02' } }), `fill ${i}`);
    c.spawn(lagger);
    await waitFor(async () => (await poolOf(c, 'p1', lagger).catch(() => '')) === 'Clinic', `${lagger} to catch up`, 20_000);
    assert.match(c.node(lagger).log(), /installed a snapshot/, 'the lagging node caught up from a snapshot');
    // The node that only knows the swap from the snapshot leads; the retry is still recognised.
    await must(c.node(await c.waitForLeader()).call('admin', 'TransferLeader', { to: lagger }, 8000), 'transfer');
    await waitFor(async () => (await c.waitForLeader(5000).catch(() => '')) === lagger, `leadership to move to ${lagger}`);
    const afterSnapshot = await must(c.node(lagger).call('roster', 'Swap', swap('swap-persist')), 'retry on the snapshot-restored leader');
    assert.equal(afterSnapshot.retried, true);
    assert.equal(afterSnapshot.index, first.index);
    // Every node killed and restarted: the request ids come back from the rows.
    await Promise.all([...c.nodes.keys()].map((id) => c.kill(id, 'SIGKILL')));
    for (const id of c.nodes.keys()) c.spawn(id);
    await c.waitForLeader(20_000);
    const afterRestart = await retryUntilAnswered(c, 'Swap', swap('swap-persist'));
    assert.equal(afterRestart.retried, true);
    assert.equal(afterRestart.index, first.index);
    assert.equal(await poolOf(c, 'p1'), 'Clinic');
  } finally {
    await c.stop();
  }
});
