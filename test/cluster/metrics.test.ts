import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, freePort, waitFor } from './harness.ts';

test('/metrics on a live node exposes the Raft, storage, proposal and gRPC metrics in Prometheus format', async () => {
  const port = await freePort();
  const c = await Cluster.start({ ids: ['A'] });
  try {
    // Restart the single node with its metrics endpoint on.
    await c.kill('A');
    c.spawn('A', ['--metrics-listen', `127.0.0.1:${port}`]);
    await c.waitForLeader();
    let lastWrite = 0;
    for (let i = 0; i < 5; i++) {
      const r = await c.leaderCall('roster', 'AddBlock', { block: { id: `m${i}`, start: '2026-01-01', end: '2026-01-02' } });
      assert.ok(r.ok);
      lastWrite = Number(r.value.index);
    }
    await c.node('A').call('roster', 'GetSchedule', { block: 'missing' });
    // The Raft gauges are sampled periodically, not on each write: wait until a scrape
    // shows the last write applied, then check that scrape.
    let res: Response | undefined;
    let body = '';
    await waitFor(async () => {
      res = await fetch(`http://127.0.0.1:${port}/metrics`);
      body = await res.text();
      return sample(body, 'rosterd_raft_applied_index') >= lastWrite;
    }, `a /metrics scrape showing index ${lastWrite} applied`);
    assert.equal(res?.status, 200);
    assert.match(res?.headers.get('content-type') ?? '', /text\/plain/);
    const value = (name: string): number => {
      const v = sample(body, name);
      assert.ok(!Number.isNaN(v), `metric ${name} missing`);
      return v;
    };
    assert.equal(value('rosterd_has_leader'), 1);
    assert.equal(value('rosterd_is_leader'), 1);
    assert.ok(value('rosterd_raft_term') >= 1);
    assert.ok(value('rosterd_raft_commit_index') >= 5);
    assert.ok(value('rosterd_raft_applied_index') >= 5);
    assert.ok(value('rosterd_proposals_committed_total') >= 5);
    assert.ok(value('rosterd_proposal_commit_seconds_count') >= 5);
    assert.ok(value('rosterd_storage_batch_write_seconds_count') >= 5);
    assert.match(body, /rosterd_grpc_requests_total\{method="AddBlock",code="OK",facility="A"\} 5/);
    assert.match(body, /rosterd_grpc_requests_total\{method="GetSchedule",code="NOT_FOUND",facility="A"\} 1/);
    assert.match(body, /rosterd_partition_state\{state="connected",facility="A"\} 1/);
    assert.match(body, /# TYPE rosterd_leader_changes_total counter/);
    assert.match(body, /rosterd_process_resident_memory_bytes/);
  } finally {
    await c.stop();
  }
});

/** The value of the first sample of metric `name` in a Prometheus text body; NaN when absent. */
function sample(body: string, name: string): number {
  const line = body.split('\n').find((l) => l.startsWith(name + '{') || l.startsWith(name + ' '));
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}
