import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ManualClock } from '../../node/clock/index.ts';
import { VoteSigner, voteProblem } from '../../node/ledger/index.ts';
import { MemoryVoteStore } from '../../node/storage/memory-vote-store.ts';
import { CLUSTER, identity } from './fixtures.ts';

const d = (s: string): Buffer => createHash('sha256').update(s).digest();

async function sign(signer: VoteSigner, clock: ManualClock, digest: Buffer, prevHash = d('head')) {
  const p = signer.sign({ block: 'b1', version: 7, digest, prevHash });
  clock.runDeferred();
  return p;
}

test('a facility signs its digest of a block version, and the same digest again (chained to another head), but never another digest, even after a restart', async () => {
  const clock = new ManualClock(0);
  const disk = new Map<string, Uint8Array>();
  const signer = new VoteSigner(identity('A'), CLUSTER, new MemoryVoteStore(disk, clock.scope()));
  const first = await sign(signer, clock, d('one'));
  assert.equal(first.ok, true);
  if (first.ok) assert.equal(voteProblem(CLUSTER, first.vote, identity('A').publicKey), undefined);
  assert.equal((await sign(signer, clock, d('one'), d('another head'))).ok, true);
  const other = await sign(signer, clock, d('two'));
  assert.equal(other.ok, false);
  if (!other.ok) assert.match(other.reason, /never signs another/);
  const restarted = new VoteSigner(identity('A'), CLUSTER, new MemoryVoteStore(disk, clock.scope()));
  assert.equal((await sign(restarted, clock, d('two'))).ok, false, 'the record survives a restart');
});

test('two requests for one block version with different digests at once: only the first is signed', async () => {
  const clock = new ManualClock(0);
  const signer = new VoteSigner(identity('A'), CLUSTER, new MemoryVoteStore(new Map(), clock.scope()));
  const a = signer.sign({ block: 'b1', version: 1, digest: d('x'), prevHash: d('h') });
  const b = signer.sign({ block: 'b1', version: 1, digest: d('y'), prevHash: d('h') });
  clock.runDeferred();
  assert.equal((await a).ok, true);
  assert.equal((await b).ok, false);
});
