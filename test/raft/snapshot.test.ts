/**
 * Log compaction and InstallSnapshot (Raft §7, Figure 13): a follower that lags behind
 * the leader's compacted log is brought up to date by a snapshot sent in chunks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '../../node/raft/types.ts';
import { Cluster } from './sim/cluster.ts';
import { RELIABLE, UNRELIABLE } from './sim/network.ts';
import { forEachSeed, others, waitApplied } from './helpers.ts';

const CHUNK_BYTES = 64;

test('a lagging follower gets a snapshot in several chunks and then follows the log (Raft §7)', () => {
  forEachSeed([301, 302, 303, 304], (seed) => {
    const lossy = seed % 2 === 0;
    const c = new Cluster({
      seed,
      voters: 3,
      raft: { snapshotChunkBytes: CHUNK_BYTES },
      snapshotEvery: 10,
      snapshotKeep: 0,
    });
    const l = c.waitLeader();
    c.proposeAndWait('first');
    const f = others(c, l.id)[0]!;
    const viaCrash = seed % 4 < 2;
    if (viaCrash) c.crash(f);
    else c.isolate(f);
    const cmds = ['first'];
    for (let i = 0; i < 80; i++) {
      const cmd = `s${i}-${'x'.repeat(i % 7)}`;
      c.proposeAndWait(cmd);
      cmds.push(cmd);
    }
    const lead = c.leader()!;
    const snapIndex = lead.storage.snapshot().meta.index;
    assert.ok(lead.storage.firstIndex() > 2, 'the leader compacted its log');
    const chunks: Message[] = [];
    c.net.tap((m, e) => {
      if (e === 'deliver' && m.type === 'snap' && m.to === f) chunks.push(m);
    });
    if (lossy) c.net.faults = UNRELIABLE;
    if (viaCrash) c.restart(f);
    else c.heal();
    waitApplied(c, [f], cmds.length, 2000);
    c.net.faults = RELIABLE;
    assert.deepEqual(c.node(f).sm.commands, cmds);
    const done = chunks.filter((m) => m.type === 'snap' && m.done);
    assert.ok(done.length >= 1, 'a complete image arrived');
    const size = done[0]!.type === 'snap' ? done[0]!.totalBytes : 0;
    assert.ok(size > 2 * CHUNK_BYTES, `the image (${size} bytes) spans several chunks`);
    const offsets = new Set(chunks.map((m) => (m.type === 'snap' ? m.offset : -1)));
    assert.ok(offsets.size >= Math.ceil(size / CHUNK_BYTES), `${offsets.size} distinct chunks for ${size} bytes`);
    assert.ok(c.node(f).storage.snapshot().meta.index >= snapIndex, 'the follower stores the image');
    // After the image, the follower is fed from the log again.
    c.proposeAndWait('after');
    waitApplied(c, [f], cmds.length + 1);
    c.converge();
  });
});

test('a snapshot restores membership and state on restart from a compacted log (Raft §7)', () => {
  const c = new Cluster({ seed: 311, voters: 3, snapshotEvery: 5, snapshotKeep: 0 });
  c.waitLeader();
  for (let i = 0; i < 23; i++) c.proposeAndWait(`r${i}`);
  waitApplied(c, c.ids(), 23);
  for (const id of c.ids()) {
    assert.ok(c.node(id).storage.snapshot().meta.index > 0, `${id} took a snapshot`);
    c.crash(id);
  }
  for (const id of c.ids()) c.restart(id);
  c.waitLeader();
  c.proposeAndWait('post');
  c.converge();
  assert.equal(c.node('n1').sm.commands.length, 24);
});

test('a chunked snapshot crosses a reliable network with each chunk sent about once, not once per heartbeat and duplicate (Raft §7)', () => {
  // Found by the soak (npm run sim -- --seed 5381 --steps 10000 --nodes 3 sent ~250 chunks per step).
  forEachSeed([321, 322], (seed) => {
    const c = new Cluster({ seed, raft: { snapshotChunkBytes: CHUNK_BYTES }, snapshotEvery: 10, snapshotKeep: 0 });
    const l = c.waitLeader();
    const f = others(c, l.id)[0]!;
    c.crash(f);
    for (let i = 0; i < 100; i++) c.proposeAndWait(`s${i}-${'y'.repeat(i % 5)}`);
    let sends = 0;
    let total = 0;
    c.net.tap((m, e) => {
      if (e === 'send' && m.type === 'snap' && m.to === f) {
        sends++;
        total = m.totalBytes;
      }
    });
    c.restart(f);
    waitApplied(c, [f], 100, 2000);
    const chunks = Math.ceil(total / CHUNK_BYTES);
    assert.ok(chunks > 10, `the image (${total} bytes) spans many chunks`);
    assert.ok(sends <= 2 * chunks, `${sends} chunk messages for an image of ${chunks} chunks`);
  });
});
