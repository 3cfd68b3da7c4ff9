import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, freePort } from './harness.ts';

test('/metrics on a live node exposes the Raft, storage, proposal and gRPC metrics in Prometheus format', async () => {
  const port = await freePort();
  const c = await Cluster.start({ ids: ['A'] });
  try {
    // Restart the single node with its metrics endpoint on.
    await c.kill('A');
    c.spawn('A', ['--metrics-listen', `127.0.0.1:${port}`]);
    await c.waitForLeader();
    for (let i = 0; i < 5; i++) {
      const r = await c.leaderCall('roster', 'AddBlock', { block: { id: `m${i}`, start: '2026-01-01', end: '2026-01-02' } });
      assert.ok(r.ok);
    }
    await c.node('A').call('roster', 'GetSchedule', { block: 'missing' });
    await new Promise((r) => setTimeout(r, 1200)); // gauges refresh every second
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const body = await res.text();
    const value = (name: string): number => {
      const line = body.split('\n').find((l) => l.startsWith(name + '{') || l.startsWith(name + ' '));
      assert.ok(line, `metric ${name} missing`);
      return Number(line.slice(line.lastIndexOf(' ') + 1));
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
