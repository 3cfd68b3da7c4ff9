/**
 * Log replication (Raft §5.3) and the safety of what gets committed (Raft §5.4), on
 * reliable and unreliable networks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '../../node/raft/types.ts';
import { Cluster, type Proposal } from './sim/cluster.ts';
import { UNRELIABLE } from './sim/network.ts';
import { ELECTION_TICKS, assertApplied, forEachSeed, others, waitApplied } from './helpers.ts';

test('basic agreement: a proposal is committed and applied everywhere, in order (Raft §5.3)', () => {
  const c = new Cluster({ seed: 101 });
  c.waitLeader();
  const cmds = ['alpha', 'beta', 'gamma'];
  let last = 0;
  for (const cmd of cmds) {
    const p = c.proposeAndWait(cmd);
    assert.equal(p.status, 'committed');
    assert.ok(p.index > last, 'indexes grow');
    last = p.index;
  }
  waitApplied(c, c.ids(), cmds.length);
  assertApplied(c, c.ids(), cmds);
});

test('agreement despite a disconnected follower, which catches up when it returns (Raft §5.3)', () => {
  const c = new Cluster({ seed: 102 });
  const l = c.waitLeader();
  c.proposeAndWait('one');
  waitApplied(c, c.ids(), 1);
  const f = others(c, l.id)[0]!;
  c.isolate(f);
  for (const cmd of ['two', 'three', 'four']) c.proposeAndWait(cmd);
  assert.deepEqual(c.node(f).sm.commands, ['one']);
  c.heal();
  waitApplied(c, [f], 4);
  c.proposeAndWait('five');
  c.converge();
  assertApplied(c, c.ids(), ['one', 'two', 'three', 'four', 'five']);
});

test('no agreement without a quorum: nothing commits while a majority is unreachable (Raft §5.3)', () => {
  const c = new Cluster({ seed: 103, voters: 5 });
  const l = c.waitLeader();
  c.proposeAndWait('before');
  waitApplied(c, c.ids(), 1);
  const commitBefore = c.status(l.id).commit;
  const [f1, f2, f3] = others(c, l.id) as [string, string, string];
  c.isolate(f1);
  c.isolate(f2);
  c.isolate(f3);
  const p = c.propose('stuck', l.id);
  assert.equal(p.status, 'pending');
  for (let i = 0; i < 5 * ELECTION_TICKS; i++) {
    c.step();
    for (const n of c.alive()) {
      assert.equal(n.core!.status().commit, commitBefore, `${n.id} commit moved without a quorum`);
    }
  }
  assert.notEqual(p.status, 'committed');
  c.heal();
  c.converge();
  // Whether 'stuck' survived depends on who wins next; either way every node agrees.
  const committed = c.node(l.id).sm.commands;
  assert.ok(committed[0] === 'before');
});

test('a proposal waiting on a leader that steps down is answered at once, outcome unknown, not left to its deadline', () => {
  const c = new Cluster({ seed: 108, voters: 5 });
  const l = c.waitLeader();
  c.proposeAndWait('before');
  for (const f of others(c, l.id).slice(0, 3)) c.isolate(f);
  const p = c.propose('stuck', l.id);
  assert.equal(p.status, 'pending');
  // Check-quorum deposes the cut-off leader within an election timeout or two.
  const steppedDownAt = c.runUntil(() => c.status(l.id).role !== 'leader', 3 * ELECTION_TICKS, 'the cut-off leader stepping down');
  assert.equal(p.status, 'unknown', 'the client hears as soon as the leader steps down');
  assert.ok(p.resolvedAt - p.proposedAt <= steppedDownAt, `answered at step ${p.resolvedAt}, proposed at ${p.proposedAt}`);
  c.heal();
  c.converge();
});

test('concurrent proposals all commit, at distinct indexes, in proposal order (Raft §5.3)', () => {
  const c = new Cluster({ seed: 104, voters: 5 });
  const l = c.waitLeader();
  const ps = Array.from({ length: 50 }, (_, i) => c.propose(`c${i}`, l.id));
  c.runUntil(() => ps.every((p) => p.status === 'committed'), 200, 'all concurrent proposals committed');
  const idx = ps.map((p) => p.index);
  assert.deepEqual(idx, [...idx].sort((a, b) => a - b));
  assert.equal(new Set(idx).size, idx.length);
  c.converge();
  assertApplied(c, c.ids(), ps.map((p) => p.cmd));
});

test('a partitioned old leader rejoins and its uncommitted entries are discarded (Raft §5.3, §5.4)', () => {
  forEachSeed([105, 106, 107], (seed) => {
    const c = new Cluster({ seed, voters: 5 });
    const l1 = c.waitLeader();
    c.proposeAndWait('committed-1');
    const rest = others(c, l1.id);
    c.split([l1.id, rest[0]!], rest.slice(1));
    const doomed = ['lost-1', 'lost-2', 'lost-3'].map((cmd) => c.propose(cmd, l1.id));
    assert.ok(doomed.every((p) => p.status === 'pending'));
    c.runUntil(() => c.leaderId() !== undefined && c.leaderId() !== l1.id && rest.slice(1).includes(c.leaderId()!), 30 * ELECTION_TICKS, 'majority leader');
    c.proposeAndWait('committed-2');
    c.proposeAndWait('committed-3');
    c.heal();
    c.converge();
    // The old leader could not know their fate once deposed: it said so at once.
    for (const p of doomed) assert.equal(p.status, 'unknown', `${p.cmd} must be reported unknown`);
    assertApplied(c, c.ids(), ['committed-1', 'committed-2', 'committed-3']);
  });
});

test('fast log back-up: a follower with many conflicting entries is repaired in a few round trips, per term not per entry (Raft §5.3)', () => {
  const c = new Cluster({ seed: 108, voters: 5 });
  const l1 = c.waitLeader();
  c.proposeAndWait('base');
  const rest = others(c, l1.id);
  const buddy = rest[0]!;
  const majority = rest.slice(1);
  // Old leader and a follower pile up entries that will never commit.
  c.split([l1.id, buddy], majority);
  const CONFLICTING = 60;
  for (let i = 0; i < CONFLICTING; i++) c.propose(`stale${i}`, l1.id);
  c.run(2);
  // The majority moves on and commits as many entries of a newer term.
  c.runUntil(() => majority.includes(c.leaderId() ?? ''), 30 * ELECTION_TICKS, 'majority leader');
  for (let i = 0; i < CONFLICTING; i++) c.propose(`fresh${i}`, c.leaderId()!);
  c.runUntil(() => majority.every((id) => c.node(id).sm.commands.length === CONFLICTING + 1), 500, 'fresh entries applied');
  // A leader elected now starts probing the stale pair at the end of its long log, far
  // beyond where the logs diverge.
  const l2 = c.leaderId()!;
  const l3 = majority.find((id) => id !== l2)!;
  c.transferLeadership(l2, l3);
  c.runUntil(() => c.leaderId() === l3, 3 * ELECTION_TICKS, 'leadership transfer within the majority');
  const rejects = new Map<string, number>();
  c.net.tap((m: Message, e) => {
    if (e === 'deliver' && m.type === 'appResp' && m.reject) rejects.set(m.from, (rejects.get(m.from) ?? 0) + 1);
  });
  c.heal();
  c.runUntil(() => [l1.id, buddy].every((id) => c.node(id).sm.commands.length === CONFLICTING + 1), 500, 'conflicting followers repaired');
  for (const id of [l1.id, buddy]) {
    const n = rejects.get(id) ?? 0;
    assert.ok(n >= 1, `${id} was never probed beyond the divergence: the scenario is broken`);
    assert.ok(n <= 4, `${id} needed ${n} rejected AppendEntries for ${CONFLICTING} conflicting entries`);
  }
  c.converge();
});

test('agreement on an unreliable network (loss, delay, reordering, duplication)', () => {
  forEachSeed([111, 112, 113], (seed) => {
    const c = new Cluster({ seed, voters: 5, faults: UNRELIABLE });
    const ps: Proposal[] = [];
    for (let i = 0; i < 1500; i++) {
      if (c.rng.next() < 0.2) ps.push(c.propose(`u${i}`));
      c.step();
    }
    c.converge(3000);
    const acked = ps.filter((p) => p.status === 'committed');
    assert.ok(acked.length > 50, `only ${acked.length} of ${ps.length} proposals committed`);
    const applied = new Set(c.node('n1').sm.commands);
    for (const p of acked) assert.ok(applied.has(p.cmd), `${p.cmd} acknowledged but not applied`);
  });
});
