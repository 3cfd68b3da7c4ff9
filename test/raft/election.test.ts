/**
 * Leader election (Raft §5.2, §5.4.1) and its refinements from the thesis: pre-vote and
 * check-quorum (§9.6), leadership transfer (§3.10).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cluster } from './sim/cluster.ts';
import { ELECTION_TICKS, forEachSeed, leaders, others, terms } from './helpers.ts';

test('an initial election elects exactly one leader that every node follows (Raft §5.2)', () => {
  forEachSeed([1, 2, 3, 4, 5], (seed) => {
    const c = new Cluster({ seed, voters: seed % 2 === 0 ? 5 : 3 });
    const l = c.waitLeader(10 * ELECTION_TICKS);
    c.run(3 * ELECTION_TICKS);
    assert.deepEqual(leaders(c), [l.id]);
    const term = c.status(l.id).term;
    for (const n of c.alive()) {
      assert.equal(n.core!.status().term, term, `${n.id} term`);
      assert.equal(n.core!.status().leader, l.id, `${n.id} follows`);
    }
    // A healthy, reliable cluster has no reason to elect again.
    c.run(20 * ELECTION_TICKS);
    assert.deepEqual(leaders(c), [l.id]);
    assert.equal(c.status(l.id).term, term);
  });
});

test('a new leader is elected after the leader fails, and the old one rejoins as a follower (Raft §5.2)', () => {
  forEachSeed([11, 12, 13], (seed) => {
    const c = new Cluster({ seed });
    const l1 = c.waitLeader();
    const t1 = c.status(l1.id).term;
    c.crash(l1.id);
    const l2 = c.waitLeader(10 * ELECTION_TICKS);
    assert.notEqual(l2.id, l1.id);
    assert.ok(c.status(l2.id).term > t1);
    c.restart(l1.id);
    c.run(5 * ELECTION_TICKS);
    assert.deepEqual(leaders(c), [l2.id], 'the restarted leader does not disrupt');
    assert.equal(c.status(l1.id).leader, l2.id);
    // And once more: crash the second leader too.
    c.crash(l2.id);
    const l3 = c.waitLeader(10 * ELECTION_TICKS);
    assert.notEqual(l3.id, l2.id);
  });
});

test('no leader is elected without a quorum (Raft §5.2)', () => {
  const c = new Cluster({ seed: 21 });
  const l = c.waitLeader();
  const [a, b] = others(c, l.id) as [string, string];
  c.crash(a);
  c.crash(b);
  // The old leader may lead until check-quorum notices; then nobody may lead.
  c.run(4 * ELECTION_TICKS);
  c.runUntil(() => leaders(c).length === 0, 4 * ELECTION_TICKS, 'old leader stepping down');
  for (let i = 0; i < 30 * ELECTION_TICKS; i++) {
    c.step();
    assert.deepEqual(leaders(c), [], `a leader without a quorum at step ${c.now()}`);
  }
  c.restart(a);
  const l2 = c.waitLeader(20 * ELECTION_TICKS);
  assert.ok([l.id, a].includes(l2.id));
});

test('no leader is elected when every node is cut off from every other (Raft §5.2)', () => {
  const c = new Cluster({ seed: 22, voters: 5 });
  c.waitLeader();
  for (const id of c.ids()) c.isolate(id);
  c.run(4 * ELECTION_TICKS);
  for (let i = 0; i < 20 * ELECTION_TICKS; i++) {
    c.step();
    assert.deepEqual(leaders(c), []);
  }
  c.heal();
  c.waitLeader(20 * ELECTION_TICKS);
});

test('a follower with a stale log never wins an election (Raft §5.4.1)', () => {
  forEachSeed([31, 32, 33, 34], (seed) => {
    // Without pre-vote the stale node does campaign (with real votes); the up-to-date
    // check alone must stop it.
    const c = new Cluster({ seed, raft: { preVote: seed % 2 === 0 } });
    const l = c.waitLeader();
    const [stale, fresh] = others(c, l.id) as [string, string];
    c.isolate(stale);
    for (let i = 0; i < 10; i++) c.proposeAndWait(`x${i}`);
    c.crash(l.id);
    c.crash(fresh);
    c.heal();
    c.run(10 * ELECTION_TICKS); // the stale node alone campaigns in vain
    c.restart(fresh);
    const l2 = c.waitLeader(20 * ELECTION_TICKS);
    assert.equal(l2.id, fresh, 'only the node holding the committed entries may lead');
    for (const t of c.checker.leaderTerms()) assert.notEqual(c.checker.leaderOf(t), stale, `${stale} led term ${t}`);
    c.restart(l.id);
    c.converge();
  });
});

test('pre-vote stops a rejoining isolated node from disrupting a healthy leader (Raft thesis §9.6)', () => {
  const c = new Cluster({ seed: 41 });
  const l = c.waitLeader();
  c.run(2 * ELECTION_TICKS);
  const before = terms(c);
  const f = others(c, l.id)[0]!;
  c.isolate(f);
  c.run(30 * ELECTION_TICKS); // many election timeouts: without pre-vote its term would climb
  assert.equal(c.status(f).term, before.get(f), 'an isolated node does not raise its term');
  c.heal();
  c.run(10 * ELECTION_TICKS);
  assert.deepEqual(leaders(c), [l.id]);
  assert.deepEqual(terms(c), before, 'the cluster term is unchanged');
  assert.equal(c.status(f).leader, l.id);
});

test('a leader isolated in a minority steps down (check-quorum, Raft thesis §9.6)', () => {
  const c = new Cluster({ seed: 51, voters: 5 });
  const l = c.waitLeader();
  const t = c.status(l.id).term;
  const rest = others(c, l.id);
  c.split([l.id, rest[0]!], rest.slice(1));
  c.runUntil(() => c.status(l.id).role !== 'leader', 3 * ELECTION_TICKS, 'the minority leader stepping down');
  const r = c.propose('late', l.id);
  assert.equal(r.status, 'refused', 'a deposed leader takes no proposals');
  const l2 = c.waitLeader(20 * ELECTION_TICKS);
  assert.ok(rest.slice(1).includes(l2.id));
  assert.ok(c.status(l2.id).term > t);
  c.converge();
});

test('leadership transfer hands over to the target within an election timeout (Raft thesis §3.10)', () => {
  forEachSeed([61, 62], (seed) => {
    const c = new Cluster({ seed, voters: 5 });
    const l = c.waitLeader();
    for (let i = 0; i < 5; i++) c.proposeAndWait(`a${i}`);
    const t = c.status(l.id).term;
    const target = others(c, l.id)[seed % 4]!;
    // A lagging target is caught up first.
    c.isolate(target);
    for (let i = 0; i < 5; i++) c.proposeAndWait(`b${i}`);
    c.heal();
    assert.ok(c.transferLeadership(l.id, target));
    c.runUntil(() => c.leaderId() === target, 2 * ELECTION_TICKS, `leadership of ${target}`);
    assert.equal(c.status(target).term, t + 1, 'the transfer costs exactly one term');
    c.run(ELECTION_TICKS);
    assert.deepEqual(leaders(c), [target]);
    c.proposeAndWait('after');
    c.converge();
    assert.deepEqual(c.node(target).sm.commands, ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4', 'after']);
  });
});

test('a node whose term ran ahead while cut off rejoins, with pre-vote on and check-quorum off (Raft thesis §9.6)', () => {
  // Found by the soak: npm run sim -- --seed 3967 --steps 3000 --nodes 3
  forEachSeed([71, 72], (seed) => {
    const c = new Cluster({ seed, raft: { preVote: true, checkQuorum: false } });
    const l = c.waitLeader();
    c.proposeAndWait('a');
    const [f, o] = others(c, l.id) as [string, string];
    // f starts a real election (a leadership transfer skips pre-vote) that nobody hears:
    // its term is now ahead of the cluster's.
    c.net.block(f, l.id);
    c.net.block(f, o);
    c.transferLeadership(l.id, f);
    c.runUntil(() => c.status(f).term > c.status(l.id).term, 5 * ELECTION_TICKS, `${f} campaigning`);
    // The cluster moves on without it, so its pre-votes cannot succeed (its log is behind).
    for (let i = 0; i < 5; i++) c.proposeAndWait(`b${i}`, 50 * ELECTION_TICKS);
    c.heal();
    c.runUntil(() => c.node(f).sm.commands.length === 6, 50 * ELECTION_TICKS, `${f} catching up after the heal`);
    c.converge();
  });
});
