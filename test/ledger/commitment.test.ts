import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { encodePayload, evidenceProblem, formatExport, signVote, verifyExport, type LedgerEntry } from '../../node/ledger/index.ts';
import { encodeCommand, type Op } from '../../node/schedule/index.ts';
import type { ScheduleReplica } from '../../node/replica/index.ts';
import { PartitionError } from '../../node/errors.ts';
import { CLUSTER, editedImage, identity, movedToPool } from './fixtures.ts';
import { IDS, LedgerCluster } from './ledger-cluster.ts';

const BLOCK = 'b2026-07';

/** A block with `n` faculty of facility A assigned across A's pools. */
async function staffed(c: LedgerCluster, n = 6): Promise<void> {
  await c.write({ kind: 'addBlock', block: { id: BLOCK, start: '2026-07-01', end: '2026-07-28' } });
  const pools = ['ICU', 'Clinic', 'Procedures'];
  for (let i = 0; i < n; i++) {
    await c.write({ kind: 'addPerson', person: { id: `f${i}`, name: `Dr ${i}`, role: 'faculty', homeFacility: 'A' } });
    const op: Op = { kind: 'assign', assignment: { person: `f${i}`, facility: 'A', pool: pools[i % 3]!, block: BLOCK } };
    await c.write(op);
  }
  await c.converge();
}

function ledgers(c: LedgerCluster): string[] {
  return IDS.map((id) => Buffer.from(c.node(id).replica.appliedState().state.ledger.snapshot()).toString('base64'));
}

/** The export of a node's ledger, as `rosterctl ledger export` writes it. */
function exported(c: LedgerCluster, id: string): string {
  const { state, applied } = c.node(id).replica.appliedState();
  const book = state.ledger;
  return formatExport({
    cluster: CLUSTER,
    facilities: book.facilities,
    keys: book.keyring.all(),
    head: book.head(),
    exportedFrom: id,
    appliedIndex: applied,
    entries: book.page(1, 1_000_000),
    evidence: book.evidence(),
  });
}

test('three honest facilities commit a block: one entry, signed by all three, the same ledger on every node, verifiable offline', async () => {
  const c = new LedgerCluster();
  await staffed(c);
  const leader = await c.waitLeader();
  const out = await c.settle(leader.ledger.commit(BLOCK));
  assert.equal(out.appended, true);
  const e: LedgerEntry = out.entry;
  assert.equal(e.seq, 1);
  assert.equal(e.block, BLOCK);
  assert.deepEqual(
    e.votes.map((v) => v.facility),
    ['A', 'B', 'C'],
  );
  assert.deepEqual(e.dissent, []);
  assert.equal(e.version, leader.replica.appliedState().state.schedule.blockVersion(BLOCK));
  assert.equal(e.digest.toString('hex'), leader.replica.appliedState().state.schedule.digest(BLOCK));
  await c.converge();
  assert.equal(new Set(ledgers(c)).size, 1, 'every node holds the same ledger');
  const verdict = verifyExport(exported(c, 'B'));
  assert.deepEqual(verdict.ok, true, JSON.stringify(verdict));
});

test('committing a version that is committed already answers with its entry and appends nothing; a change makes a new version to commit', async () => {
  const c = new LedgerCluster();
  await staffed(c, 3);
  const leader = await c.waitLeader();
  const first = await c.settle(leader.ledger.commit(BLOCK));
  const again = await c.settle(leader.ledger.commit(BLOCK));
  assert.equal(again.appended, false);
  assert.equal(again.entry.seq, first.entry.seq);
  await c.write({ kind: 'unassign', person: 'f0', block: BLOCK });
  const next = await c.settle(leader.ledger.commit(BLOCK));
  assert.equal(next.appended, true);
  assert.equal(next.entry.seq, 2);
  assert.ok(next.entry.version > first.entry.version);
  assert.deepEqual(next.entry.prevHash, first.entry.hash, 'the new entry chains to the first');
});

/** Restarts `id` from its own state with one assignment of the block moved to another pool, as an edited data directory would. */
async function tamper(c: LedgerCluster, id: string): Promise<void> {
  const f = c.node(id);
  const { state, applied } = f.replica.appliedState();
  const edited = editedImage(state.snapshot(), movedToPool(BLOCK, 'f0', 'Clinic'));
  c.crash(id);
  const disk = c.disk(id);
  disk.createSnapshot(applied, { voters: [...IDS], learners: [] }, edited);
  disk.compact(applied);
  c.start(id);
  await c.converge();
}

test('a facility whose stored state was edited computes another digest: it dissents with its signed vote, the two honest facilities commit, and it reports the divergence', async () => {
  const c = new LedgerCluster();
  await staffed(c);
  let leader = await c.waitLeader();
  const victim = IDS.find((id) => c.node(id) !== leader)!;
  await tamper(c, victim);
  leader = await c.waitLeader();
  const honestDigest = leader.replica.appliedState().state.schedule.digest(BLOCK);
  assert.notEqual(c.node(victim).replica.appliedState().state.schedule.digest(BLOCK), honestDigest, 'the edit changed the victim\'s digest');
  const out = await c.settle(leader.ledger.commit(BLOCK));
  assert.equal(out.appended, true);
  assert.equal(out.entry.digest.toString('hex'), honestDigest);
  assert.deepEqual(
    out.entry.votes.map((v) => v.facility),
    IDS.filter((id) => id !== victim),
  );
  assert.equal(out.entry.dissent.length, 1);
  const dissent = out.entry.dissent[0]!;
  assert.equal(dissent.facility, victim);
  assert.match(dissent.reason, new RegExp(`${victim}'s digest of block ${BLOCK}`));
  assert.ok(dissent.vote, 'the dissenting facility signed its own digest');
  await c.converge();
  // The victim holds the same ledger, and names itself as diverging from it.
  assert.equal(new Set(ledgers(c)).size, 1);
  const divergences = c.node(victim).ledger.divergences();
  assert.deepEqual(
    divergences.map((d) => [d.block, d.seq]),
    [[BLOCK, out.entry.seq]],
  );
  for (const id of IDS.filter((i) => i !== victim)) assert.deepEqual(c.node(id).ledger.divergences(), []);
  assert.equal(verifyExport(exported(c, victim)).ok, true);
});

test('when the facility with the edited state coordinates, the honest digest is still what gets committed, with the coordinator in dissent', async () => {
  const c = new LedgerCluster();
  await staffed(c);
  const leader = await c.waitLeader();
  const id = IDS.find((i) => c.node(i) === leader)!;
  await tamper(c, id);
  // The restarted node need not lead again: hand it the leadership.
  const current = await c.waitLeader();
  if (current !== c.node(id)) await c.settle(current.replica.transferLeadership(id, 2000));
  await c.until(() => c.leader() === c.node(id), `${id} to lead`);
  const coordinator = c.node(id);
  const out = await c.settle(coordinator.ledger.commit(BLOCK));
  assert.deepEqual(
    out.entry.dissent.map((d) => d.facility),
    [id],
  );
  assert.equal(out.entry.digest.toString('hex'), c.node(IDS.find((i) => i !== id)!).replica.appliedState().state.schedule.digest(BLOCK));
});

test('a facility that signs two digests for one block version is caught: evidence on every node, with both signatures, verifiable offline', async () => {
  const c = new LedgerCluster();
  await staffed(c, 3);
  const leader = await c.waitLeader();
  const first = await c.settle(leader.ledger.commit(BLOCK));
  const cVote = first.entry.votes.find((v) => v.facility === 'C')!;
  // C's node is compromised: it proposes a commitment of the same version carrying a
  // second vote of its own, for another digest.
  const other = createHash('sha256').update('another schedule').digest();
  const second = signVote(identity('C'), CLUSTER, { facility: 'C', block: BLOCK, version: cVote.version, digest: other, prevHash: cVote.prevHash });
  const data = encodePayload({ kind: 'ledgerAppend', append: { block: BLOCK, version: cVote.version, digest: other, prevHash: cVote.prevHash, votes: [second], dissent: [], timeMs: 0 } });
  await c.settle(forwardRaw(c.node('C').replica, data));
  await c.until(() => IDS.every((id) => c.node(id).replica.appliedState().state.ledger.evidence().length === 1), 'evidence on every node');
  for (const id of IDS) {
    const [e] = c.node(id).replica.appliedState().state.ledger.evidence();
    assert.equal(e!.facility, 'C');
    assert.equal(e!.statements.kind, 'votes');
    assert.equal(evidenceProblem(CLUSTER, e!.statements, (f) => identity(f).publicKey), undefined, 'the evidence checks out with C\'s public key alone');
  }
  assert.equal(c.node('A').replica.appliedState().state.ledger.head().seq, 1, 'the second commitment was not appended');
  assert.equal(verifyExport(exported(c, 'A')).ok, true, 'the export with its evidence verifies offline');
});

test('evidence reported by anyone is checked, recorded once, and statements that are not evidence are refused', async () => {
  const c = new LedgerCluster();
  await staffed(c, 2);
  const leader = await c.waitLeader();
  const committed = await c.settle(leader.ledger.commit(BLOCK));
  const bVote = committed.entry.votes.find((v) => v.facility === 'B')!;
  const lie = signVote(identity('B'), CLUSTER, { ...bVote, digest: createHash('sha256').update('x').digest() });
  const detail = await c.settle(c.node('A').ledger.reportEvidence({ kind: 'votes', first: bVote, second: lie }));
  assert.match(detail, /evidence|leader/);
  await c.until(() => leader.replica.appliedState().state.ledger.evidence().length === 1, 'the evidence');
  await c.settle(c.node('C').ledger.reportEvidence({ kind: 'votes', first: lie, second: bVote }));
  await c.converge();
  assert.equal(leader.replica.appliedState().state.ledger.evidence().length, 1, 'the same pair in the other order is the same evidence');
  const forgedSecond = { ...lie, signature: Buffer.alloc(64, 1) };
  await assert.rejects(c.settle(c.node('A').ledger.reportEvidence({ kind: 'votes', first: bVote, second: forgedSecond })), /not evidence: B's signature does not verify/);
  await assert.rejects(c.settle(c.node('A').ledger.reportEvidence({ kind: 'votes', first: bVote, second: bVote })), /same digest/);
});

test('a node that signs with a key that is not its facility\'s has its commands refused on every node, and nothing changes', async () => {
  const c = new LedgerCluster({ identity: (id) => (id === 'A' ? identity('A', 'mallory') : identity(id)) });
  // A knows it cannot sign for its facility: its writes are refused before they reach the log.
  const leader = await c.waitLeader();
  await assert.rejects(c.settle(c.node('A').schedule.write({ kind: 'addBlock', block: { id: 'bx', start: '2026-07-01', end: '2026-07-28' } }, {})), /the cluster holds key/);
  // Forced into the log anyway (A leads and proposes directly), its command is refused on apply, on every node alike.
  if (leader !== c.node('A')) await c.settle(leader.replica.transferLeadership('A', 2000));
  await c.until(() => c.leader() === c.node('A'), 'A to lead');
  await c.converge();
  const before = IDS.map((id) => Buffer.from(c.node(id).replica.appliedState().state.snapshot()).toString('base64'));
  const bytes = encodePayload({
    kind: 'scheduleCommand',
    command: encodeCommand({ requestId: 'forced', issuer: 'A', timestampMs: 1, op: { kind: 'addBlock', block: { id: 'bx', start: '2026-07-01', end: '2026-07-28' } } }),
  });
  const result = (await c.settle(c.node('A').replica.propose(bytes))).result;
  assert.equal(result?.ok, false);
  assert.match((result as { message: string }).message, /facility A's signature does not verify/);
  await c.converge();
  const after = IDS.map((id) => Buffer.from(c.node(id).replica.appliedState().state.snapshot()).toString('base64'));
  assert.deepEqual(after, before, 'no state changed anywhere, not even the request memory or the log clock');
});

test('a commitment is refused at once in a minority, naming the partition', async () => {
  const c = new LedgerCluster();
  await staffed(c, 2);
  const leader = await c.waitLeader();
  const id = IDS.find((i) => c.node(i) === leader)!;
  c.net.isolate(id, IDS.filter((i) => i !== id));
  await c.until(() => c.node(id).replica.partition().state === 'minority', `${id} to see itself in a minority`);
  assert.throws(() => c.node(id).ledger.commit(BLOCK), (e: unknown) => e instanceof PartitionError && /Cannot commit block/.test(e.message));
});

/** Proposes entry data through whichever node leads, as `from`'s node would; settles once it is in the log, forwarded, or refused. */
function forwardRaw(from: ScheduleReplica, data: Uint8Array): Promise<void> {
  return new Promise((resolve) => from.forward(data, { committed: () => resolve(), forwarded: () => resolve(), failed: () => resolve() }));
}
