/**
 * Message efficiency in steady state: replication sends each entry to each follower
 * once (batching and pipelining, Raft thesis §10.2), and an idle cluster exchanges only
 * heartbeats.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message, NodeId } from '../../node/raft/types.ts';
import { Cluster, type Proposal } from './sim/cluster.ts';
import { ELECTION_TICKS, forEachSeed, others, waitApplied } from './helpers.ts';

test('in steady state each entry crosses to each follower exactly once', () => {
  forEachSeed([501, 502], (seed) => {
    const c = new Cluster({ seed, voters: seed % 2 === 0 ? 5 : 3 });
    const l = c.waitLeader();
    c.proposeAndWait('warm-up');
    waitApplied(c, c.ids(), 1);
    const followers = others(c, l.id);
    const sent = new Map<NodeId, Map<number, number>>(followers.map((f) => [f, new Map()]));
    c.net.tap((m: Message, e) => {
      if (e !== 'send' || m.type !== 'app') return;
      const perIndex = sent.get(m.to);
      if (!perIndex) return;
      for (const ent of m.entries) perIndex.set(ent.index, (perIndex.get(ent.index) ?? 0) + 1);
    });
    const ps: Proposal[] = [];
    const PROPOSALS = 300;
    for (let i = 0; i < PROPOSALS; i++) {
      // Bursts and gaps, as clients do.
      const burst = c.rng.intn(4);
      for (let b = 0; b < burst && ps.length < PROPOSALS; b++) ps.push(c.propose(`e${ps.length}`, l.id));
      c.step();
      if (ps.length >= PROPOSALS) break;
    }
    c.runUntil(() => ps.every((p) => p.status === 'committed'), 500, 'all proposals committed');
    waitApplied(c, c.ids(), ps.length + 1);
    assert.deepEqual(c.checker.leaderTerms().length, 1, 'no election during the run');
    for (const f of followers) {
      const perIndex = sent.get(f)!;
      for (const p of ps) assert.equal(perIndex.get(p.index), 1, `entry ${p.index} sent to ${f} ${perIndex.get(p.index) ?? 0} times`);
      assert.equal(perIndex.size, ps.length, `${f} received entries that were not proposed`);
    }
  });
});

test('an idle cluster sends only heartbeats: no entries, no votes', () => {
  forEachSeed([511, 512], (seed) => {
    const c = new Cluster({ seed, voters: seed % 2 === 0 ? 5 : 3 });
    const l = c.waitLeader();
    c.proposeAndWait('warm-up');
    waitApplied(c, c.ids(), 1);
    c.run(ELECTION_TICKS);
    const types = new Map<string, number>();
    c.net.tap((m, e) => {
      if (e === 'send') types.set(m.type, (types.get(m.type) ?? 0) + 1);
    });
    const IDLE_STEPS = 1000;
    c.run(IDLE_STEPS);
    assert.deepEqual([...types.keys()].sort(), ['heartbeat', 'heartbeatResp'], `message types while idle: ${JSON.stringify([...types])}`);
    // One heartbeat per follower per heartbeat interval (default 1 tick), and one answer each.
    const followers = c.ids().length - 1;
    assert.ok(types.get('heartbeat')! <= IDLE_STEPS * followers, `${types.get('heartbeat')} heartbeats`);
    assert.equal(c.leaderId(), l.id);
  });
});
