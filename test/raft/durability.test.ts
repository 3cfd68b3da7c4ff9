/**
 * Durability promises of a single core, driven by hand: what a message claims to be on
 * disk must be on disk once the Ready that carries it is persisted (Raft Figure 2:
 * "respond after persisting"). These pin down bugs the soak found, in a few lines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RaftCore } from '../../node/raft/core.ts';
import { SeededRandom } from '../../node/raft/rand.ts';
import { MemoryStorage } from '../../node/raft/storage.ts';
import type { Entry, Message } from '../../node/raft/types.ts';
import { encodeCommand } from './sim/node.ts';

/** A follower n2 of {n1, n2, n3}, with a driver that persists each Ready and collects what it sends. */
function follower(): { core: RaftCore; disk: MemoryStorage; drain: () => Message[] } {
  const disk = new MemoryStorage({ voters: ['n1', 'n2', 'n3'], learners: [] });
  const core = new RaftCore({ id: 'n2', storage: disk, random: new SeededRandom(1) });
  const drain = (): Message[] => {
    const sent: Message[] = [];
    while (core.hasReady()) {
      const rd = core.ready();
      if (rd.snapshot) disk.applySnapshot(rd.snapshot);
      disk.append(rd.entries);
      if (rd.hardState) disk.setHardState(rd.hardState);
      sent.push(...rd.messages, ...rd.persistedMessages);
      core.advance(rd);
    }
    return sent;
  };
  drain();
  return { core, disk, drain };
}

function entry(index: number, term: number, cmd: string): Entry {
  return { type: 'normal', index, term, data: encodeCommand(cmd) };
}

test('a follower never acknowledges entries that a newer leader overwrote before they were durable (Raft §5.3, Figure 2)', () => {
  // Found by the soak: npm run sim -- --seed 10076 --steps 3000 --nodes 3 (n10 acknowledges
  // index 115 to n3, an older leader, after a newer leader overwrote it; its disk ends at 114).
  const { core, disk, drain } = follower();
  const prev = disk.lastIndex();
  const prevTerm = disk.term(prev);
  // Within one Ready: the leader of term 2 sends two entries, then the leader of term 3
  // overwrites them with its own before anything reached the disk.
  core.step({ type: 'app', from: 'n1', to: 'n2', term: 2, index: prev, logTerm: prevTerm, commit: prev, entries: [entry(prev + 1, 2, 'a'), entry(prev + 2, 2, 'b')] });
  core.step({ type: 'app', from: 'n3', to: 'n2', term: 3, index: prev, logTerm: prevTerm, commit: prev, entries: [entry(prev + 1, 3, 'c')] });
  const acks = drain().filter((m) => m.type === 'appResp' && !m.reject);
  assert.equal(disk.lastIndex(), prev + 1);
  assert.equal(disk.term(prev + 1), 3);
  for (const m of acks) {
    // An acknowledgement to the leader of term t covers only entries of terms <= t that are on disk.
    assert.ok(m.type === 'appResp' && m.index <= disk.lastIndex(), `acknowledges index ${m.type === 'appResp' ? m.index : '?'} to ${m.to} (term ${m.term}), disk ends at ${disk.lastIndex()}`);
    assert.ok(m.type === 'appResp' && disk.term(m.index) <= m.term, `acknowledges index ${m.type === 'appResp' ? m.index : '?'} to ${m.to} in term ${m.term}, disk holds term ${m.type === 'appResp' ? disk.term(m.index) : '?'}`);
  }
});
