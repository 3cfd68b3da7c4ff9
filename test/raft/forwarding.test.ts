/**
 * Proposals forwarded by a follower to its leader (etcd's MsgProp): the follower's
 * client is told where the write went, the leader appends it as its own, and nobody
 * else ever appends a forwarded proposal. Forwarded writes carry no term, so a leader
 * of any term takes them and a follower of any term drops them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RaftCore } from '../../node/raft/core.ts';
import { SeededRandom } from '../../node/raft/rand.ts';
import { MemoryStorage } from '../../node/raft/storage.ts';
import type { Ready } from '../../node/raft/types.ts';
import { Cluster } from './sim/cluster.ts';
import { encodeCommand } from './sim/node.ts';
import { ELECTION_TICKS, assertApplied, others, waitApplied } from './helpers.ts';

test('a follower forwards a proposal to the leader, which appends and commits it; the client is told where it went', () => {
  const c = new Cluster({ seed: 701 });
  const l = c.waitLeader();
  c.proposeAndWait('first');
  const f = others(c, l.id)[0]!;
  c.runUntil(() => c.status(f).leader === l.id, 10 * ELECTION_TICKS, 'the follower knowing the leader');
  const p = c.forward('via-follower', f);
  assert.equal(p.status, 'forwarded');
  waitApplied(c, c.ids(), 2);
  c.converge();
  assertApplied(c, c.ids(), ['first', 'via-follower']);
});

test('on the leader, forward is a proposal: appended there and answered when committed', () => {
  const c = new Cluster({ seed: 702 });
  const l = c.waitLeader();
  const p = c.forward('at-leader', l.id);
  assert.equal(p.status, 'pending');
  c.runUntil(() => p.status === 'committed', 10 * ELECTION_TICKS, 'the commit');
  c.converge();
});

test('a proposal forwarded while no leader is known is refused, naming no leader', () => {
  const c = new Cluster({ seed: 703, voters: 3 });
  const l = c.waitLeader();
  const [f1, f2] = others(c, l.id) as [string, string];
  c.crash(l.id);
  c.runUntil(() => c.status(f1).leader === '' && c.status(f2).leader === '', 10 * ELECTION_TICKS, 'followers losing the leader');
  c.isolate(f1);
  const p = c.forward('nowhere', f1);
  assert.equal(p.status, 'refused');
  assert.match(p.refusal ?? '', /NotLeader/);
  c.heal();
  c.restart(l.id);
  c.converge();
});

/** A core of {n1, n2, n3} driven by hand, each Ready persisted and advanced at once. */
function drive(core: RaftCore, disk: MemoryStorage): Ready[] {
  const out: Ready[] = [];
  while (core.hasReady()) {
    const rd = core.ready();
    disk.append(rd.entries);
    if (rd.hardState) disk.setHardState(rd.hardState);
    out.push(rd);
    core.advance(rd);
  }
  return out;
}

test('a forwarded proposal reaching a node that does not lead is dropped, and changes no term', () => {
  const disk = new MemoryStorage({ voters: ['n1', 'n2', 'n3'], learners: [] });
  const core = new RaftCore({ id: 'n2', storage: disk, random: new SeededRandom(1) });
  drive(core, disk);
  const before = core.status();
  core.step({ type: 'prop', from: 'n3', to: 'n2', term: 0, data: encodeCommand('x') });
  core.step({ type: 'prop', from: 'n3', to: 'n2', term: before.term + 5, data: encodeCommand('y') });
  drive(core, disk);
  const after = core.status();
  assert.equal(after.lastIndex, before.lastIndex, 'nothing appended');
  assert.equal(after.term, before.term, 'a forwarded proposal is outside the term rules');
});
