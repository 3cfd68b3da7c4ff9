/**
 * Crashes: what survives a restart (Raft Figure 2, "persistent state on all servers"),
 * the Figure 8 hazard of committing entries from earlier terms (Raft §5.4.2), and churn.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cluster, type Proposal } from './sim/cluster.ts';
import { RELIABLE, UNRELIABLE, type NetworkFaults } from './sim/network.ts';
import { ELECTION_TICKS, assertApplied, forEachSeed, others, waitApplied } from './helpers.ts';
import { RaftCore } from '../../node/raft/core.ts';
import { MemoryStorage } from '../../node/raft/storage.ts';
import { SeededRandom } from '../../node/raft/rand.ts';
import { entryBytes } from '../../node/raft/entry-size.ts';
import type { Entry } from '../../node/raft/types.ts';

test('state persists across restarts of every node: terms, votes and the committed log (Raft Figure 2)', () => {
  forEachSeed([201, 202], (seed) => {
    const c = new Cluster({ seed, voters: 3, diskLatencySteps: seed % 2 === 0 ? [0, 3] : [0, 0] });
    c.waitLeader();
    const first = Array.from({ length: 10 }, (_, i) => `p${i}`);
    for (const cmd of first) c.proposeAndWait(cmd);
    waitApplied(c, c.ids(), first.length);
    for (let round = 0; round < 3; round++) {
      const before = new Map(c.ids().map((id) => [id, c.status(id).term]));
      for (const id of c.ids()) c.crash(id);
      c.run(5);
      for (const id of c.ids()) {
        assert.ok(c.node(id).storage.hardState().term >= before.get(id)!, `${id} term survives on disk`);
        c.restart(id);
        assert.equal(c.status(id).term, c.node(id).storage.hardState().term, `${id} boots at its durable term`);
      }
      c.waitLeader(30 * ELECTION_TICKS);
      c.proposeAndWait(`after-restart-${round}`);
    }
    // One node at a time, too.
    for (const id of c.ids()) {
      c.crash(id);
      c.proposeAndWait(`without-${id}`, 500);
      c.restart(id);
    }
    c.converge();
    assertApplied(c, c.ids(), [...first, 'after-restart-0', 'after-restart-1', 'after-restart-2', ...c.ids().map((id) => `without-${id}`)]);
  });
});

test('Figure 8, step by step: a new leader does not commit an old-term entry by counting replicas (Raft §5.4.2)', () => {
  // One entry per AppendEntries and one in flight, so that an old-term entry can reach a
  // majority ahead of the new leader's own no-op (the situation of Figure 8 (c)).
  const c = new Cluster({ seed: 241, voters: 5, raft: { maxMessageBytes: 1, maxInflightMessages: 1 } });
  const s1 = c.waitLeader().id;
  c.proposeAndWait('base');
  waitApplied(c, c.ids(), 1);
  const s2 = others(c, s1)[0]!;
  const rest = others(c, s1, s2);
  // (a) S1 replicates X only to S2, then crashes.
  c.split([s1, s2], rest);
  const x = c.propose('X', s1);
  const k = x.index;
  const t = x.term;
  c.runUntil(() => c.node(s2).core!.termAt(k) === t, 10, 'X on S2');
  c.crash(s1);
  // (b) S5 wins among the rest and appends its no-op at index k, which nobody else gets.
  const s5 = ((): string => {
    for (let i = 0; i < 50 * ELECTION_TICKS; i++) {
      c.step();
      const l = rest.find((id) => c.status(id).role === 'leader');
      if (l) return l;
    }
    throw new Error('no leader among the majority');
  })();
  c.isolate(s5); // its AppendEntries of this step are still in flight: cut them
  assert.equal(c.status(s5).lastIndex, k);
  c.crash(s5);
  const [s3, s4] = rest.filter((id) => id !== s5) as [string, string];
  // (c) S1 comes back; S1 or S2 (both hold X) leads a newer term, and X reaches S3.
  c.heal();
  c.split([s1, s2, s3], [s4]);
  c.restart(s1);
  c.runUntil(() => c.leaderId() === s1 || c.leaderId() === s2, 50 * ELECTION_TICKS, 'S1 or S2 leading');
  const lead = c.leaderId()!;
  c.runUntil(() => c.node(s3).core!.termAt(k) === t, 50, 'X on S3');
  c.step(); // the leader hears S3's acknowledgement of X, but not yet of its own no-op
  assert.ok(c.status(lead).lastIndex > k);
  for (const id of c.ids()) assert.ok(c.node(id).sm.applied < k, `${id} applied X, which is only on a majority through an old term`);
  // (d) S5 returns and wins with S3 and S4 (its last term is newer than X's) and overwrites X.
  c.crash(s1);
  c.crash(s2);
  c.heal();
  c.restart(s5);
  c.runUntil(() => c.leaderId() === s5, 100 * ELECTION_TICKS, 'S5 leading again');
  c.runUntil(() => c.node(s3).sm.applied >= k, 100, 'S3 applying index k');
  assert.notEqual(c.node(s3).core!.termAt(k), t, 'X was overwritten');
  c.converge();
  assert.ok(!c.node(s1).sm.commands.includes('X'));
});

/**
 * The 6.824 "Figure 8" recipe: keep proposing at whoever leads, crash the leader soon
 * after (often before its entries reach a majority), keep at most a minority down. A
 * leader that counts replicas of an old-term entry as committed (Raft §5.4.2, Figure 8)
 * eventually has such an entry overwritten after a client was told it committed.
 */
function figure8(seed: number, faults: NetworkFaults, iterations: number): void {
  // Small AppendEntries batches: a new leader's first message may then carry old-term
  // entries without its own no-op, which is when the hazard can bite.
  const c = new Cluster({ seed, voters: 5, faults, diskLatencySteps: [0, 2], raft: { maxMessageBytes: 60 + (seed % 3) * 40, maxInflightMessages: 1 + (seed % 2) * 3 } });
  const rng = c.rng;
  c.waitLeader(50 * ELECTION_TICKS);
  c.proposeAndWait('start', 500);
  let cmd = 0;
  for (let it = 0; it < iterations; it++) {
    let leader: string | undefined;
    for (const n of c.alive()) {
      if (n.core!.status().role === 'leader') {
        c.propose(`f${cmd++}`, n.id);
        leader = n.id;
      }
    }
    c.run(rng.next() < 0.1 ? rng.intn(5 * ELECTION_TICKS) : rng.intn(3));
    if (leader !== undefined && c.node(leader).alive) c.crash(leader);
    const down = c.ids().filter((id) => !c.node(id).alive);
    if (c.ids().length - down.length < 3) c.restart(down[rng.intn(down.length)]!);
  }
  c.converge(5000);
  c.proposeAndWait('end', 1000);
  c.converge();
  const acked = c.proposals.filter((p: Proposal) => p.status === 'committed').length;
  assert.ok(acked >= 2, `only ${acked} proposals acknowledged`);
}

test('Figure 8: entries from earlier terms are never committed by counting replicas, with leaders crashing (Raft §5.4.2)', () => {
  forEachSeed([211, 212, 213, 214, 215, 216, 217, 218], (seed) => figure8(seed, RELIABLE, 300));
});

test('Figure 8 on an unreliable network, with leaders crashing (Raft §5.4.2)', () => {
  forEachSeed([221, 222, 223, 224, 225, 226], (seed) => figure8(seed, UNRELIABLE, 300));
});

test('churn: nodes crash and restart at random under load, and nothing acknowledged is lost (Raft §5.4)', () => {
  forEachSeed([231, 232, 233, 234], (seed) => {
    const c = new Cluster({
      seed,
      voters: 5,
      faults: seed % 2 === 0 ? UNRELIABLE : RELIABLE,
      diskLatencySteps: [0, 3],
      snapshotEvery: 20,
      snapshotKeep: 5,
    });
    const rng = c.rng;
    for (let i = 0; i < 3000; i++) {
      if (rng.next() < 0.4) c.propose(`k${i}`);
      if (rng.next() < 0.02) {
        const live = c.alive();
        const victim = live[rng.intn(live.length)];
        if (victim) c.crash(victim.id);
      }
      for (const id of c.ids()) if (!c.node(id).alive && rng.next() < 0.05) c.restart(id);
      c.step();
    }
    c.converge(5000);
    const acked = c.proposals.filter((p) => p.status === 'committed');
    assert.ok(acked.length > 100, `only ${acked.length} proposals acknowledged`);
    assert.ok(c.stats.crashes > 20, `only ${c.stats.crashes} crashes`);
  });
});

test('a restart replays its committed log in Readys of bounded size, in order, without gaps', () => {
  const storage = new MemoryStorage({ voters: ['A', 'B', 'C'], learners: [] });
  const n = 2000;
  storage.append(Array.from({ length: n }, (_, i): Entry => ({ type: 'normal', index: i + 1, term: 1, data: new Uint8Array(100).fill(i % 251) })));
  storage.setHardState({ term: 1, vote: 'A', commit: n });
  const maxBytes = 10_000;
  const core = new RaftCore({ id: 'A', storage, random: new SeededRandom(7), applied: 0, maxCommittedBytesPerReady: maxBytes });
  const applied: number[] = [];
  let readys = 0;
  while (core.hasReady()) {
    const rd = core.ready();
    const bytes = rd.committedEntries.reduce((a, e) => a + entryBytes(e), 0);
    assert.ok(rd.committedEntries.length === 1 || bytes <= maxBytes, `a Ready of ${bytes} bytes exceeds the bound of ${maxBytes}`);
    for (const e of rd.committedEntries) applied.push(e.index);
    core.advance(rd);
    readys++;
  }
  assert.deepEqual(applied, Array.from({ length: n }, (_, i) => i + 1));
  assert.ok(readys >= Math.ceil((n * 100) / maxBytes), `the backlog came in ${readys} Readys`);
});
