import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryHash, formatExport, genesisHash, signVote, verifyExport, type LedgerEntry } from '../../node/ledger/index.ts';
import { createHash } from 'node:crypto';
import { CLUSTER, identity } from './fixtures.ts';

const FACILITIES = ['A', 'B', 'C'];

/** A ledger of `n` commitments, each signed by A and B, C dissenting on every third. */
function ledger(n: number): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  let prev = genesisHash(CLUSTER);
  for (let seq = 1; seq <= n; seq++) {
    const block = `b${seq % 4}`;
    const digest = createHash('sha256').update(`schedule ${seq}`).digest();
    const vote = (f: string, d = digest) => signVote(identity(f), CLUSTER, { facility: f, block, version: seq * 10, digest: d, prevHash: prev });
    const dissent = seq % 3 === 0 ? [{ facility: 'C', reason: 'digest differs', vote: vote('C', createHash('sha256').update('c').digest()) }] : [];
    const votes = seq % 3 === 0 ? [vote('A'), vote('B')] : [vote('A'), vote('B'), vote('C')];
    const content = { seq, prevHash: prev, block, version: seq * 10, digest, timeMs: 1_000 + seq, proposer: 'A', votes, dissent };
    const e = { ...content, hash: entryHash(CLUSTER, content), index: seq * 7 };
    out.push(e);
    prev = e.hash;
  }
  return out;
}

function file(entries: readonly LedgerEntry[]): string {
  const last = entries[entries.length - 1]!;
  return formatExport({
    cluster: CLUSTER,
    facilities: FACILITIES,
    keys: FACILITIES.map((f) => ({ facility: f, publicKey: Buffer.from(identity(f).publicKey) })),
    head: { seq: last.seq, hash: last.hash },
    exportedFrom: 'A',
    appliedIndex: 999,
    entries,
    evidence: [],
  });
}

const lines = (text: string): string[] => text.split('\n').filter(Boolean);
const join = (ls: readonly string[]): string => `${ls.join('\n')}\n`;

test('an untouched export verifies, with the keys in it or with trusted keys', () => {
  const text = file(ledger(12));
  assert.deepEqual(verifyExport(text), { ok: true, entries: 12, evidence: 0, head: { seq: 12, hash: ledger(12)[11]!.hash }, keysFrom: 'file' });
  const trusted = new Map(FACILITIES.map((f) => [f, identity(f).publicKey]));
  assert.equal(verifyExport(text, trusted).ok, true);
});

test('one byte changed anywhere in an entry fails verification, naming that entry', () => {
  const ls = lines(file(ledger(8)));
  // Change one character of entry 5's block, digest, a vote's signature, and the dissent reason.
  const edits: [string, (l: string) => string][] = [
    ['the block', (l) => l.replace('"block":"b1"', '"block":"b9"')],
    ['the digest', (l) => l.replace(/"digest":"(.)/, (_m, ch: string) => `"digest":"${ch === '0' ? '1' : '0'}`)],
    ['the time', (l) => l.replace('"timeMs":1005', '"timeMs":1006')],
  ];
  for (const [what, edit] of edits) {
    const copy = [...ls];
    copy[5] = edit(copy[5]!);
    assert.notEqual(copy[5], ls[5], `${what}: the edit applied`);
    const v = verifyExport(join(copy));
    assert.equal(v.ok, false, what);
    if (!v.ok) {
      assert.equal(v.seq, 5, `${what}: names entry 5 (${v.problem})`);
      assert.equal(v.line, 6);
    }
  }
  // A byte that breaks the JSON names the damaged line and the entry it held.
  const broken = [...ls];
  broken[3] = broken[3]!.slice(0, 40) + '\u0001' + broken[3]!.slice(41);
  const v = verifyExport(join(broken));
  assert.equal(v.ok, false);
  if (!v.ok) {
    assert.equal(v.line, 4);
    assert.equal(v.seq, 3);
  }
});

test('an entry removed, two entries swapped, or the last entry dropped fail verification, naming the first bad entry', () => {
  const ls = lines(file(ledger(8)));
  const removed = [...ls.slice(0, 4), ...ls.slice(5)];
  let v = verifyExport(join(removed));
  assert.equal(v.ok, false);
  if (!v.ok) assert.match(`${v.seq} ${v.problem}`, /^5 entry 5: expected sequence 4/);
  const swapped = [...ls];
  [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
  v = verifyExport(join(swapped));
  assert.equal(v.ok, false);
  if (!v.ok) assert.match(`${v.line} ${v.problem}`, /^4 entry 4: expected sequence 3/);
  v = verifyExport(join(ls.slice(0, -1)));
  assert.equal(v.ok, false);
  if (!v.ok) assert.match(v.problem, /claims head 8.*end at 7/);
});

test('a signature replaced by another valid one, with the hashes recomputed to match, still fails: the signature is not for that entry', () => {
  const entries = ledger(5);
  const e = entries[2]!;
  const foreign = signVote(identity('B'), CLUSTER, { facility: 'B', block: 'elsewhere', version: 1, digest: e.digest, prevHash: e.prevHash });
  const votes = e.votes.map((v) => (v.facility === 'B' ? { ...v, signature: foreign.signature } : v));
  const content = { ...e, votes };
  const forged = { ...content, hash: entryHash(CLUSTER, content) };
  // Rechain everything after it, as a careful forger would.
  const rest: LedgerEntry[] = [];
  let prev = forged.hash;
  for (const later of entries.slice(3)) {
    const c2 = { ...later, prevHash: prev, votes: later.votes };
    const h = { ...c2, hash: entryHash(CLUSTER, c2) };
    rest.push(h);
    prev = h.hash;
  }
  const v = verifyExport(file([...entries.slice(0, 2), forged, ...rest]));
  assert.equal(v.ok, false);
  if (!v.ok) {
    assert.equal(v.seq, 3);
    assert.match(v.problem, /B's signature does not verify/);
  }
});

test('keys in the file that differ from the trusted keys are a failure', () => {
  const text = file(ledger(3));
  const trusted = new Map([
    ['A', identity('A').publicKey],
    ['B', identity('B', 'mallory').publicKey],
  ]);
  const v = verifyExport(text, trusted);
  assert.equal(v.ok, false);
  if (!v.ok) assert.match(v.problem, /key for B .* is not the trusted one/);
});

test('a file that is not a ledger export is refused at its first line', () => {
  for (const text of ['', 'hello\n', '{"format":"something-else"}\n']) {
    const v = verifyExport(text);
    assert.equal(v.ok, false);
    if (!v.ok) assert.equal(v.line, 1);
  }
});
