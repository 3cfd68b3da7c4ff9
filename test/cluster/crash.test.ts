import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, waitFor } from './harness.ts';

/** Writes blocks with unique ids until stopped; records which ones were acknowledged. */
function writer(c: Cluster, prefix: string) {
  const acked: string[] = [];
  let stop = false;
  const done = (async () => {
    for (let i = 0; !stop; i++) {
      const id = `${prefix}${i}`;
      const r = await c.leaderCall('roster', 'AddBlock', { block: { id, start: '2026-03-01', end: '2026-03-02' } }, 8000);
      if (r.ok) acked.push(id);
    }
  })();
  return {
    acked,
    async finish(): Promise<void> {
      stop = true;
      await done;
    },
  };
}

async function blocksOn(c: Cluster, id: string, stale = false): Promise<Set<string>> {
  const r = await c.node(id).call('roster', 'ListBlocks', { read: { stale } }, 5000);
  assert.ok(r.ok, `ListBlocks on ${id}: ${JSON.stringify(r)}`);
  return new Set(r.value.blocks.map((b: { id: string }) => b.id));
}

test('after kill -9 of the leader a new leader is elected and no acknowledged write is lost', async () => {
  const c = await Cluster.start();
  try {
    const old = await c.waitForLeader();
    const writers = [writer(c, 'w1-'), writer(c, 'w2-'), writer(c, 'w3-')];
    // Kill the leader while every writer is in full flow.
    await waitFor(() => writers.every((w) => w.acked.length >= 4), 'every writer to have 4 writes acknowledged by the first leader', 30_000);
    await c.kill(old, 'SIGKILL');
    const survivors = [...c.nodes.keys()].filter((id) => id !== old);
    const fresh = await c.waitForLeader(15_000, survivors);
    assert.notEqual(fresh, old);
    const atFailover = writers.map((w) => w.acked.length);
    await waitFor(() => writers.every((w, i) => w.acked.length >= atFailover[i]! + 4), 'every writer to have 4 more writes acknowledged after the failover', 30_000);
    await Promise.all(writers.map((w) => w.finish()));
    c.spawn(old);
    await c.waitForLeader(15_000);
    const acked = writers.flatMap((w) => w.acked);
    assert.ok(acked.length > 20, `only ${acked.length} writes were acknowledged`);
    for (const id of c.nodes.keys()) {
      const have = await blocksOn(c, id);
      const lost = acked.filter((b) => !have.has(b));
      assert.deepEqual(lost, [], `node ${id} lost ${lost.length} acknowledged writes`);
    }
  } finally {
    await c.stop();
  }
});

test('after kill -9 of every node and a restart of all, the schedule is intact', async () => {
  const c = await Cluster.start();
  try {
    const w = writer(c, 'all-');
    await waitFor(() => w.acked.length >= 20, '20 acknowledged writes before the kill', 30_000);
    await Promise.all([...c.nodes.keys()].map((id) => c.kill(id, 'SIGKILL')));
    await w.finish();
    for (const id of c.nodes.keys()) c.spawn(id);
    await c.waitForLeader(20_000);
    assert.ok(w.acked.length > 5);
    for (const id of c.nodes.keys()) {
      const have = await blocksOn(c, id);
      assert.deepEqual(w.acked.filter((b) => !have.has(b)), [], `node ${id} lost acknowledged writes`);
    }
  } finally {
    await c.stop();
  }
});

test('a follower that missed writes catches up from the log after a restart, the entries it missed read back from the leader\'s disk', async () => {
  // A cache of 4 entries: the 20 missed writes are older than what the leader holds in memory.
  const c = await Cluster.start({ flags: ['--log-cache-entries', '4'] });
  try {
    const leader = await c.waitForLeader();
    const lagger = [...c.nodes.keys()].find((id) => id !== leader)!;
    await c.kill(lagger, 'SIGKILL');
    const w = writer(c, 'miss-');
    await waitFor(() => w.acked.length >= 20, `20 acknowledged writes while ${lagger} is down`, 30_000);
    await w.finish();
    c.spawn(lagger);
    await waitFor(async () => {
      const have = await blocksOn(c, lagger, true).catch(() => new Set<string>());
      return w.acked.every((b) => have.has(b));
    }, `${lagger} to catch up`);
    assert.doesNotMatch(c.node(lagger).log(), /installed a snapshot/);
  } finally {
    await c.stop();
  }
});

test('a follower behind the compacted log catches up through an InstallSnapshot', async () => {
  const c = await Cluster.start({ flags: ['--snapshot-entries', '40', '--keep-entries', '5'] });
  try {
    const leader = await c.waitForLeader();
    const lagger = [...c.nodes.keys()].find((id) => id !== leader)!;
    await c.kill(lagger, 'SIGKILL');
    const w = writer(c, 'snap-');
    await waitFor(() => w.acked.length >= 150, `150 acknowledged writes while ${lagger} is down`, 60_000);
    await w.finish();
    const st = await c.node(leader).call('admin', 'Status', {});
    assert.ok(st.ok && st.value.firstIndex > 10, `the leader did not compact its log: ${JSON.stringify(st)}`);
    c.spawn(lagger);
    await waitFor(async () => {
      const have = await blocksOn(c, lagger, true).catch(() => new Set<string>());
      return w.acked.every((b) => have.has(b));
    }, `${lagger} to catch up`);
    assert.match(c.node(lagger).log(), /installed a snapshot/);
    // The snapshot survives a restart of the node that received it.
    await c.restart(lagger);
    await waitFor(async () => (await blocksOn(c, lagger, true).catch(() => new Set<string>())).size >= w.acked.length, `${lagger} to serve every acknowledged write after its restart`);
  } finally {
    await c.stop();
  }
});
