/**
 * Linearizable reads with ReadIndex (Raft thesis §6.4): the read index must cover every
 * write acknowledged before the read was issued, which a leader can only promise after
 * committing an entry of its own term and confirming it still leads.
 *
 * The cluster checks every answered read against the writes acknowledged before it was
 * issued (ReadRecord.minIndex); these tests also assert it explicitly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cluster, type ReadRecord } from './sim/cluster.ts';
import { UNRELIABLE } from './sim/network.ts';
import { ELECTION_TICKS, forEachSeed, others } from './helpers.ts';

test('ReadIndex returns an index >= every write acknowledged before the read was issued, at the leader and at followers (Raft thesis §6.4)', () => {
  forEachSeed([601, 602, 603], (seed) => {
    const c = new Cluster({ seed, voters: seed === 603 ? 5 : 3, ...(seed === 602 ? { faults: UNRELIABLE } : {}) });
    c.waitLeader(50 * ELECTION_TICKS);
    const reads: ReadRecord[] = [];
    for (let i = 0; i < 1500; i++) {
      if (c.rng.next() < 0.3) c.propose(`w${i}`);
      if (c.rng.next() < 0.2) {
        const live = c.alive();
        reads.push(c.readIndex(live[c.rng.intn(live.length)]!.id));
      }
      c.step();
    }
    c.converge();
    const answered = reads.filter((r) => r.index !== undefined);
    assert.ok(answered.length > reads.length / 2, `only ${answered.length} of ${reads.length} reads answered`);
    for (const r of answered) assert.ok(r.index! >= r.minIndex, `read ${r.context}: index ${r.index} < acknowledged ${r.minIndex}`);
    assert.ok(answered.some((r) => r.minIndex > 0), 'some reads followed acknowledged writes');
  });
});

test('a new leader answers reads only after committing an entry of its own term (Raft thesis §6.4)', () => {
  forEachSeed([611, 612, 613, 614, 615], (seed) => {
    const c = new Cluster({ seed, voters: 3 });
    for (let round = 0; round < 5; round++) {
      c.waitLeader(50 * ELECTION_TICKS);
      // Acknowledged at the leader, which dies before the followers learn the commit index.
      const w = c.proposeAndWait(`w${round}`);
      c.crash(w.node);
      const reads: ReadRecord[] = [];
      c.runUntil(
        () => {
          for (const n of c.alive()) reads.push(c.readIndex(n.id));
          return reads.some((r) => r.index !== undefined);
        },
        50 * ELECTION_TICKS,
        'an answered read',
      );
      for (const r of reads) if (r.index !== undefined) assert.ok(r.index >= w.index, `read at ${r.node} got ${r.index} < ${w.index}`);
      c.restart(w.node);
    }
    c.converge();
  });
});

test('a leader that lost its quorum does not answer reads (Raft thesis §6.4)', () => {
  forEachSeed([621, 622], (seed) => {
    const c = new Cluster({ seed, voters: 5 });
    const l = c.waitLeader();
    c.proposeAndWait('before');
    const rest = others(c, l.id);
    c.split([l.id, rest[0]!], rest.slice(1));
    const reads = [c.readIndex(l.id), c.readIndex(rest[0]!)];
    // Meanwhile the majority elects a leader and acknowledges a write the old one never saw.
    c.runUntil(() => rest.slice(1).includes(c.leaderId() ?? ''), 30 * ELECTION_TICKS, 'majority leader');
    c.proposeAndWait('after');
    for (let i = 0; i < 10 * ELECTION_TICKS; i++) {
      reads.push(c.readIndex(l.id));
      c.step();
    }
    for (const r of reads) assert.equal(r.index, undefined, `the minority answered read ${r.context} with index ${r.index}`);
    assert.ok(reads.some((r) => r.failed), 'pending reads are failed when leadership is lost');
    c.heal();
    c.converge();
  });
});
