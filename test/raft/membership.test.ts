/**
 * Single-server membership changes (Raft thesis §4.1, §4.2): a new node joins as a
 * learner, catches up, is promoted to voter; voters (the leader included) are removed.
 * All of it under a steady client load.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfChange, NodeId } from '../../node/raft/types.ts';
import { Cluster } from './sim/cluster.ts';
import { ELECTION_TICKS, forEachSeed, leaders } from './helpers.ts';

/** Steps with client traffic: a proposal at the leader with probability `rate` per step. */
function underLoad(c: Cluster, steps: number, rate = 0.3): void {
  for (let i = 0; i < steps; i++) {
    if (c.rng.next() < rate) c.propose(`load${c.now()}`);
    c.step();
  }
}

function confHas(c: Cluster, kind: 'voters' | 'learners', id: NodeId): boolean {
  const l = c.leader();
  return l !== undefined && l.core!.status().conf[kind].includes(id);
}

/** Proposes `cc` at the leader (retrying while refused) until the leader has applied it. */
function changeConf(c: Cluster, cc: ConfChange, applied: () => boolean, maxSteps = 1000): void {
  let ok = false;
  c.runUntil(
    () => {
      if (applied()) return true;
      if (!ok && c.rng.next() < 0.2) c.proposeConfChange(cc, undefined, (r) => (ok = r.ok));
      if (c.rng.next() < 0.3) c.propose(`load${c.now()}`);
      return false;
    },
    maxSteps,
    `${cc.kind} ${cc.node} applied`,
  );
}

/** Adds `id` as a learner and waits until it has caught up with the leader's commit. */
function addAndCatchUp(c: Cluster, id: NodeId): void {
  c.addNode(id);
  changeConf(c, { kind: 'addLearner', node: id }, () => confHas(c, 'learners', id));
  c.runUntil(
    () => {
      const l = c.leader();
      return l !== undefined && c.node(id).sm.applied >= l.core!.status().commit - 2;
    },
    1000,
    `${id} catching up`,
  );
  // A learner never campaigns: it has no vote.
  assert.notEqual(c.status(id).role, 'leader');
}

function membershipCycle(seed: number, snapshots: boolean): void {
  const c = new Cluster({ seed, voters: 3, ...(snapshots ? { snapshotEvery: 10, snapshotKeep: 2 } : {}) });
  c.waitLeader();
  underLoad(c, 100);
  addAndCatchUp(c, 'n4');
  changeConf(c, { kind: 'promote', node: 'n4' }, () => confHas(c, 'voters', 'n4'));
  underLoad(c, 50);
  const victim = c.ids().filter((id) => id !== 'n4' && id !== c.leaderId())[0]!;
  changeConf(c, { kind: 'remove', node: victim }, () => c.leader() !== undefined && !confHas(c, 'voters', victim));
  underLoad(c, 30);
  c.retire(victim);
  underLoad(c, 200);
  c.converge();
  const conf = c.leader()!.core!.status().conf;
  assert.deepEqual([...conf.voters].sort(), c.ids().filter((id) => id !== victim).sort());
  assert.deepEqual(conf.learners, []);
  // Every member, the new one included, agrees on the membership.
  for (const id of conf.voters) assert.deepEqual([...c.node(id).core!.confState().voters].sort(), [...conf.voters].sort(), `${id} membership`);
  assert.ok(c.proposals.filter((p) => p.status === 'committed').length > 50);
}

test('membership change under load, catching up by snapshot: add a learner, promote it, remove a voter (Raft thesis §4.1)', () => {
  forEachSeed([401, 402, 403], (seed) => membershipCycle(seed, true));
});

test('membership change under load, catching up from an uncompacted log: add a learner, promote it, remove a voter (Raft thesis §4.1)', () => {
  forEachSeed([411, 412, 413], (seed) => membershipCycle(seed, false));
});

test('a node added later learns the initial membership even when the leader never compacted its log (Raft thesis §4.1)', () => {
  const c = new Cluster({ seed: 421, voters: 3 });
  c.waitLeader();
  for (let i = 0; i < 5; i++) c.proposeAndWait(`b${i}`);
  addAndCatchUp(c, 'n4');
  // The bootstrap voters live in the initial members' storage (snapshot meta at index 0),
  // not in the log; the newcomer must still end up with the same configuration.
  assert.deepEqual([...c.node('n4').core!.confState().voters].sort(), ['n1', 'n2', 'n3']);
  assert.deepEqual(c.node('n4').core!.confState().learners, ['n4']);
  changeConf(c, { kind: 'promote', node: 'n4' }, () => confHas(c, 'voters', 'n4'));
  c.runUntil(() => c.node('n4').core!.confState().voters.includes('n4'), 100, 'n4 applying its promotion');
  assert.deepEqual([...c.node('n4').core!.confState().voters].sort(), ['n1', 'n2', 'n3', 'n4']);
  // Alone, it is one vote of four: it must never lead.
  c.isolate('n4');
  for (let i = 0; i < 20 * ELECTION_TICKS; i++) {
    c.step();
    assert.notEqual(c.status('n4').role, 'leader', 'an isolated voter of four leads alone');
  }
  c.heal();
  c.converge();
});

test('removing the leader: it steps down once the removal commits and the rest elect a leader (Raft thesis §4.2.2)', () => {
  forEachSeed([431, 432], (seed) => {
    const c = new Cluster({ seed, voters: 5 });
    const l = c.waitLeader();
    underLoad(c, 50);
    changeConf(c, { kind: 'remove', node: l.id }, () => {
      const cur = c.leader();
      return cur !== undefined && cur.id !== l.id && !cur.core!.status().conf.voters.includes(l.id);
    });
    c.run(3 * ELECTION_TICKS);
    assert.ok(!leaders(c).includes(l.id), 'the removed leader stepped down');
    c.retire(l.id);
    underLoad(c, 100);
    c.converge();
    assert.equal(c.leader()!.core!.status().conf.voters.length, 4);
  });
});
