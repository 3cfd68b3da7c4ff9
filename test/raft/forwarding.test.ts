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
import type { Entry, Message, Ready } from '../../node/raft/types.ts';
import { Cluster } from './sim/cluster.ts';
import { commandOf, encodeCommand } from './sim/node.ts';
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

/** Three cores on a lossless network, driven by hand: no tick happens unless a test calls one. */
class HandDriven {
  readonly cores = new Map<string, { core: RaftCore; disk: MemoryStorage; applied: Entry[] }>();
  /** Every message sent, in order. */
  readonly sent: Message[] = [];
  /** Three booted cores with n1 elected, and the record of messages cleared. */
  static withLeaderN1(): HandDriven {
    const net = new HandDriven();
    net.settle();
    net.core('n1').campaign();
    net.settle();
    assert.equal(net.core('n1').status().role, 'leader');
    net.sent.length = 0;
    return net;
  }
  private constructor() {
    for (const id of ['n1', 'n2', 'n3']) {
      const disk = new MemoryStorage({ voters: ['n1', 'n2', 'n3'], learners: [] });
      this.cores.set(id, { core: new RaftCore({ id, storage: disk, random: new SeededRandom(id.charCodeAt(1)) }), disk, applied: [] });
    }
  }
  core(id: string): RaftCore {
    return this.cores.get(id)!.core;
  }
  applied(id: string): string[] {
    return this.cores.get(id)!.applied.flatMap((e) => commandOf(e) ?? []);
  }
  /** Handles every Ready and delivers every message until nothing moves. */
  settle(): void {
    for (;;) {
      const inFlight: Message[] = [];
      for (const { core, disk, applied } of this.cores.values()) {
        for (const rd of drive(core, disk)) {
          applied.push(...rd.committedEntries);
          inFlight.push(...rd.messages, ...rd.persistedMessages);
        }
      }
      if (inFlight.length === 0) return;
      this.sent.push(...inFlight);
      for (const m of inFlight) this.core(m.to).step(m);
    }
  }
}

test('a follower that forwarded a write is told of its commit at once, not with the next heartbeat', () => {
  const net = HandDriven.withLeaderN1();
  const r = net.core('n2').forward(encodeCommand('cover-at-n2'));
  assert.ok(r.ok && 'forwardedTo' in r && r.forwardedTo === 'n1', JSON.stringify(r));
  net.settle();
  const index = net.core('n1').status().lastIndex;
  assert.equal(net.core('n1').status().commit, index);
  // No tick has happened since the forward: an append carrying the commit reached n2.
  assert.equal(net.core('n2').status().commit, index, 'the forwarder knows its write committed');
  assert.deepEqual(net.applied('n2'), ['cover-at-n2'], 'and has applied it, so it can answer its client');
  const appends = net.sent.filter((m) => m.type === 'app' && m.to === 'n2');
  assert.equal(appends.length, 2, 'the entry, then one empty append carrying its commit');
});

test('a leader\'s own write costs each follower one append: the commit waits for the next append or heartbeat', () => {
  const net = HandDriven.withLeaderN1();
  const r = net.core('n1').propose(encodeCommand('final-at-n1'));
  assert.ok(r.ok);
  net.settle();
  assert.equal(net.core('n1').status().commit, r.index);
  for (const f of ['n2', 'n3']) {
    const appends = net.sent.filter((m) => m.type === 'app' && m.to === f);
    assert.equal(appends.length, 1, `appends to ${f}: ${JSON.stringify(appends)}`);
    assert.ok(net.core(f).status().commit < r.index, `${f} learns the commit later`);
  }
  // The next heartbeat carries it.
  for (let i = 0; i < ELECTION_TICKS && net.core('n2').status().commit < r.index; i++) {
    net.core('n1').tick();
    net.settle();
  }
  assert.deepEqual(net.applied('n2'), ['final-at-n1']);
});
