/**
 * The Byzantine checks on real daemons: keys, commitments through rosterctl, exports that
 * verify offline (and fail, naming the entry, when edited), a node with an edited data
 * directory outvoted and reporting its own divergence, a forged proposal from an
 * impostor peer refused before the log, and evidence against a compromised facility.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { Level } from 'level';
import { runInProcess } from '../cli/run-cli.ts';
import { Cluster, waitFor } from './harness.ts';
import { editedImage, movedToPool } from '../ledger/fixtures.ts';
import { encodePayload, FacilityIdentity, loadIdentity, sealBatch, signVote } from '../../node/ledger/index.ts';
import { encodeCommand } from '../../node/schedule/index.ts';
import { GrpcPeerTransport } from '../../node/transport/index.ts';
import { decodeStoredSnapshot, encodeStoredSnapshot } from '../../node/wire/raft-codec.ts';
import { DEFAULT_BACKOFF, DEFAULT_BREAKER } from '../../node/transport/index.ts';

const BLOCK = 'b2026-08';
let c: Cluster;
before(async () => {
  c = await Cluster.start({ flags: ['--snapshot-entries', '20', '--keep-entries', '5'] });
});
after(async () => {
  await c?.stop();
});

const all = (): string => [...c.nodes.values()].map((n) => n.address).join(',');
const rosterctl = (...args: string[]) => runInProcess(['--timeout', '15000', '--endpoints', all(), ...args]);
const json = async (...args: string[]): Promise<any> => {
  const r = await runInProcess(['--json', '--timeout', '15000', '--endpoints', all(), ...args]);
  assert.equal(r.code, 0, `rosterctl ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout);
};

async function ok(...args: string[]): Promise<string> {
  const r = await rosterctl(...args);
  assert.equal(r.code, 0, `rosterctl ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

test('rosterctl keys lists every facility with the fingerprint of its own key file', async () => {
  const doc = await json('keys');
  assert.deepEqual(
    doc.keys.map((k: { facility: string }) => k.facility),
    ['A', 'B', 'C'],
  );
  for (const n of c.nodes.values()) {
    const id = await loadIdentity(n.keyFile, n.id);
    assert.equal(doc.keys.find((k: { facility: string }) => k.facility === n.id).fingerprint, id.fingerprint);
  }
  assert.equal(doc.quorum, 2);
  assert.equal(doc.selfProblem, '');
  assert.match(await ok('keys'), /3 facilities: a commitment needs 2 signatures on one digest \(no facility can finalize alone/);
});

test('a block is committed through rosterctl, shown, exported and verified offline; an edited export fails naming the first bad entry', async (t) => {
  await ok('block', 'add', BLOCK, '--start', '2026-07-29', '--end', '2026-08-25');
  for (let i = 0; i < 4; i++) {
    await ok('person', 'add', `icu${i}`, '--name', `Dr ${i}`, '--role', 'faculty', '--home', 'B');
    await ok('assign', `icu${i}`, '--block', BLOCK, '--facility', 'B', '--pool', 'ICU');
  }
  const out = await ok('commit', '--block', BLOCK);
  assert.match(out, /^committed block b2026-08 version \d+ as ledger entry 1 .*signed by A, B, C/);
  assert.match(await ok('commit', '--block', BLOCK), /^already committed: block b2026-08/);
  await ok('unassign', 'icu3', '--block', BLOCK);
  assert.match(await ok('commit', '--block', BLOCK), /as ledger entry 2 /);
  const show = await ok('ledger', 'show');
  assert.match(show, /^SEQ\s+BLOCK\s+VERSION\s+DIGEST\s+SIGNED BY\s+DISSENT\s+HASH$/m);
  assert.match(show, /^2\s+b2026-08\s+\d+\s+[0-9a-f]{12}…\s+A,B,C\s+-/m);

  const file = path.join(c.dir, 'ledger.jsonl');
  assert.match(await ok('ledger', 'export', '--output', file), /exported 2 entries/);
  const verified = await json('ledger', 'verify', '--file', file);
  assert.equal(verified.ok, true);
  assert.equal(verified.entries, 2);
  assert.ok(verified.heads.every((h: { agrees: boolean }) => h.agrees), JSON.stringify(verified.heads));
  const keys = path.join(c.dir, 'trusted-keys');
  writeFileSync(keys, (await json('keys')).keys.map((k: { facility: string; publicKey: string }) => `${k.facility}=${k.publicKey}`).join('\n'));
  assert.equal((await json('ledger', 'verify', '--file', file, '--keys', keys, '--offline')).keysFrom, 'trusted');

  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const variants: [string, string[], RegExp][] = [
    ['one byte changed', lines.map((l, i) => (i === 1 ? l.replace(/"version":(\d)/, (_m, d: string) => `"version":${(Number(d) + 1) % 10}`) : l)), /entry 1 \(line 2\): .*hash does not match/],
    ['an entry removed', [lines[0]!, lines[2]!], /entry 2 \(line 2\): entry 2: expected sequence 1/],
    ['two entries swapped', [lines[0]!, lines[2]!, lines[1]!], /entry 2 \(line 2\)/],
    ['a signature replaced', lines.map((l, i) => (i === 2 ? l.replace(/"signature":"[^"]+"/, `"signature":"${Buffer.alloc(64, 7).toString('base64')}"`) : l)), /entry 2 \(line 3\)/],
  ];
  for (const [what, edited, message] of variants) {
    const bad = path.join(c.dir, `bad-${what.replace(/ /g, '-')}.jsonl`);
    writeFileSync(bad, `${edited.join('\n')}\n`);
    const r = await rosterctl('ledger', 'verify', '--file', bad, '--offline');
    assert.equal(r.code, 1, `${what}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, what);
  }
  t.diagnostic(`export of 2 entries verified; 4 edited copies refused`);
});

test('a node whose data directory was edited refuses to sign, the two honest facilities commit, and the node reports its divergence', async () => {
  const block = 'b-tampered';
  await ok('block', 'add', block, '--start', '2026-09-01', '--end', '2026-09-28');
  for (let i = 0; i < 3; i++) {
    await ok('person', 'add', `t${i}`, '--name', `Dr T${i}`, '--role', 'faculty', '--home', 'A');
    await ok('assign', `t${i}`, '--block', block, '--facility', 'A', '--pool', 'ICU');
  }
  const leader = await c.waitForLeader();
  const victim = [...c.nodes.keys()].find((id) => id !== leader)!;
  const node = c.node(victim);
  // Everything applied, then a snapshot of the victim's state: the file an intruder edits.
  await waitFor(async () => {
    const [l, v] = await Promise.all([c.node(leader).call('admin', 'Status', {}), node.call('admin', 'Status', {})]);
    return l.ok && v.ok && v.value.appliedIndex >= l.value.commitIndex;
  }, `${victim} to apply everything`);
  const snap = await node.call('admin', 'Snapshot', {});
  assert.ok(snap.ok, JSON.stringify(snap));
  await c.kill(victim, 'SIGTERM');
  // The intruder knows the format: it edits the image file and fixes the record's length and checksum.
  const db = new Level<string, Uint8Array>(node.dataDir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  const record = await db.get('r/snap/meta');
  assert.ok(record, 'the victim has a snapshot');
  const stored = decodeStoredSnapshot(record);
  const file = path.join(node.dataDir, 'snap', stored.image);
  const edited = editedImage(new Uint8Array(readFileSync(file)), movedToPool(block, 't0', 'Clinic'));
  writeFileSync(file, edited);
  const imageSha256 = new Uint8Array(createHash('sha256').update(edited).digest());
  await db.put('r/snap/meta', encodeStoredSnapshot({ ...stored, imageBytes: edited.length, imageSha256 }), { sync: true });
  await db.close();
  c.spawn(victim);
  const now = await c.waitForLeader();
  // The coordinator must hear the restarted node before it asks it for a vote.
  await waitFor(async () => {
    const st = await c.node(now).call('admin', 'Status', {});
    return st.ok && (st.value.reachable as string[]).includes(victim);
  }, `${now} to reach ${victim} again`);

  const out = await json('commit', '--block', block);
  assert.equal(out.appended, true);
  assert.deepEqual(out.entry.signedBy.sort(), [...c.nodes.keys()].filter((id) => id !== victim).sort());
  assert.equal(out.entry.dissent.length, 1, JSON.stringify(out));
  assert.equal(out.entry.dissent[0].facility, victim);
  assert.match(out.entry.dissent[0].reason, new RegExp(`${victim}'s digest of block ${block}`));
  await waitFor(async () => {
    const h = await node.call('ledger', 'GetHead', {});
    return h.ok && h.value.divergences.some((d: { block: string }) => d.block === block);
  }, `${victim} to report its divergence`);
  assert.match(await ok('status'), new RegExp(`${victim}: its own schedule of ${block} differs from what the facilities committed`));
});

test('a forged proposal from an impostor peer is refused by the leader before the log, and nothing changes', async () => {
  const leader = await c.waitForLeader();
  const claimed = [...c.nodes.keys()].find((id) => id !== leader)!;
  // The impostor claims to be a member and signs with a key that is not that member's.
  const impostor = FacilityIdentity.generate(claimed);
  const payload = encodePayload({
    kind: 'scheduleCommand',
    command: encodeCommand({ requestId: 'smuggled', issuer: claimed, timestampMs: Date.now(), op: { kind: 'addBlock', block: { id: 'b-smuggled', start: '2026-07-01', end: '2026-07-28' } } }),
  });
  const [forged] = sealBatch('rosterd-local', impostor, [payload]);
  const transport = new GrpcPeerTransport({ self: claimed, cluster: 'rosterd-local', maxMessageBytes: 1 << 20, backoff: DEFAULT_BACKOFF, breaker: DEFAULT_BREAKER, log: pino({ level: 'silent' }) });
  try {
    await waitFor(() => {
      transport.send(leader, c.node(leader).address, [{ type: 'prop', from: claimed, to: leader, term: 0, data: forged! }]);
      return /refused a proposal forwarded by a peer/.test(c.node(leader).log());
    }, 'the leader to refuse the forged proposal', 20_000);
  } finally {
    transport.close();
  }
  assert.match(c.node(leader).log(), /does not verify/);
  const blocks = await json('blocks', 'list');
  assert.ok(!JSON.stringify(blocks).includes('b-smuggled'), 'the smuggled block is nowhere');
});

test('a compromised facility\'s second vote for a committed block version is evidence: recorded on every node, listed, and verifiable offline', async () => {
  const entries = (await json('ledger', 'show')).entries;
  const first = entries[0];
  const cKey = await loadIdentity(c.node('C').keyFile, 'C');
  const led = await c.node('A').call('ledger', 'GetLedger', { fromSeq: first.seq, limit: 1 });
  assert.ok(led.ok);
  const vote = led.value.entries[0].votes.find((v: { facility: string }) => v.facility === 'C');
  const second = signVote(cKey, 'rosterd-local', { facility: 'C', block: vote.block, version: Number(vote.version), digest: createHash('sha256').update('another schedule').digest(), prevHash: vote.prevHash });
  const reported = await c.node('A').call('ledger', 'ReportEvidence', { votes: { first: vote, second } }, 10_000);
  assert.ok(reported.ok, JSON.stringify(reported));
  await waitFor(async () => {
    const views = await Promise.all([...c.nodes.values()].map((n) => n.call('ledger', 'ListEvidence', { stale: true })));
    return views.every((v) => v.ok && v.value.evidence.length === 1);
  }, 'the evidence on every node');
  assert.match(await ok('evidence', 'list'), /C\s+votes\s+C signed two digests for block b2026-08/);
  const file = path.join(c.dir, 'with-evidence.jsonl');
  await ok('ledger', 'export', '--output', file);
  const v = await json('ledger', 'verify', '--file', file, '--offline');
  assert.equal(v.evidence, 1);
});

test('without --peer-keys each facility creates its key at first start and registers it (trust on first use); a restart keeps it', async () => {
  const fresh = await Cluster.start({ keys: 'register' });
  try {
    const endpoints = [...fresh.nodes.values()].map((n) => n.address).join(',');
    let keys: { facility: string; fingerprint: string; registeredAt: number }[] = [];
    await waitFor(async () => {
      const r = await runInProcess(['--json', '--endpoints', endpoints, 'keys', '--stale']);
      keys = r.code === 0 ? JSON.parse(r.stdout).keys : [];
      return keys.length === 3;
    }, 'every facility to register its key');
    for (const n of fresh.nodes.values()) {
      const id = await loadIdentity(n.keyFile, n.id);
      const k = keys.find((x) => x.facility === n.id)!;
      assert.equal(k.fingerprint, id.fingerprint);
      assert.ok(k.registeredAt > 0, 'registered through the log, not at genesis');
    }
    await fresh.restart('B');
    await fresh.waitForLeader();
    const again = await runInProcess(['--json', '--endpoints', endpoints, 'keys']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).keys.map((k: { fingerprint: string }) => k.fingerprint), keys.map((k) => k.fingerprint));
    const write = await runInProcess(['--endpoints', endpoints, 'block', 'add', 'b1', '--start', '2026-07-01', '--end', '2026-07-28']);
    assert.equal(write.code, 0, write.stderr);
  } finally {
    await fresh.stop();
  }
});
