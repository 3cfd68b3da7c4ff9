/**
 * The ledger's entries and the rules that make them a hash chain of schedule
 * commitments. Entry `seq` (1, 2, ...) records that a quorum of facilities signed one
 * digest of one block at one version; its hash covers every field and the previous
 * entry's hash, so changing, removing, inserting or reordering anything breaks the chain
 * at the first place it was touched. Pure: the same checks run when an entry is appended
 * (ledger-book.ts) and when an export is verified offline (export-format.ts).
 */
import { createHash } from 'node:crypto';
import type { Dissent__Output, LedgerEntry__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import { CanonicalBytes } from './canonical-bytes.ts';
import { HASH_BYTES, sameBytes } from './merkle.ts';
import { commitQuorum } from './quorum.ts';
import { voteProblem, type SignedVote } from './vote.ts';

export type LedgerEntry = Readonly<LedgerEntry__Output>;
export type Dissent = Readonly<Dissent__Output>;

/** The part of an entry its hash covers (everything but the hash and the Raft index). */
export type EntryContent = Omit<LedgerEntry, 'hash' | 'index'>;

export const ENTRY_DOMAIN = 'rosterd-ledger-entry/1';
export const GENESIS_DOMAIN = 'rosterd-ledger-genesis/1';

/** The head of a ledger: the last entry's sequence and hash (0 and the genesis hash when empty). */
export interface LedgerHead {
  readonly seq: number;
  readonly hash: Buffer;
}

/** The "previous hash" of entry 1: binds the chain to its cluster. */
export function genesisHash(cluster: string): Buffer {
  return createHash('sha256').update(CanonicalBytes.of(GENESIS_DOMAIN).str(cluster).done()).digest();
}

/** SHA-256 over an entry's canonical bytes: every field, votes and dissent in full, in their stored order. */
export function entryHash(cluster: string, e: EntryContent): Buffer {
  const b = CanonicalBytes.of(ENTRY_DOMAIN)
    .str(cluster)
    .uint(e.seq)
    .bytes(e.prevHash)
    .str(e.block)
    .uint(e.version)
    .bytes(e.digest)
    .uint(e.timeMs)
    .str(e.proposer)
    .uint(e.votes.length);
  for (const v of e.votes) b.str(v.facility).str(v.block).uint(v.version).bytes(v.digest).bytes(v.prevHash).bytes(v.signature);
  b.uint(e.dissent.length);
  for (const d of e.dissent) {
    b.str(d.facility).str(d.reason).uint(d.vote ? 1 : 0);
    if (d.vote) b.str(d.vote.block).uint(d.vote.version).bytes(d.vote.digest).bytes(d.vote.prevHash).bytes(d.vote.signature);
  }
  return createHash('sha256').update(b.done()).digest();
}

/** What a commitment claims: a digest of a block version, chained after `prevHash`. */
export interface CommitmentClaim {
  readonly block: string;
  readonly version: number;
  readonly digest: Uint8Array;
  readonly prevHash: Uint8Array;
  readonly votes: readonly SignedVote[];
  readonly dissent: readonly Dissent[];
}

/**
 * Why a commitment's signatures do not commit it; undefined when they do: votes in
 * facility order, one per facility, each a configured facility's valid signature on
 * exactly this block, version, digest and previous hash, at least q of them (q =
 * commitQuorum of the configured facilities); dissent in facility order, from facilities
 * that did not vote, any signed dissenting vote valid and for this block version.
 */
export function commitmentProblem(
  cluster: string,
  c: CommitmentClaim,
  facilities: readonly string[],
  keyOf: (facility: string) => Uint8Array | undefined,
): string | undefined {
  if (c.digest.length !== HASH_BYTES || c.prevHash.length !== HASH_BYTES) return 'the digest and the previous hash must be 32 bytes';
  const configured = new Set(facilities);
  let previous = '';
  for (const v of c.votes) {
    if (v.facility <= previous) return `votes must be in facility order, one per facility (${v.facility} after ${previous || 'the start'})`;
    previous = v.facility;
    if (!configured.has(v.facility)) return `${v.facility} is not one of the cluster's facilities (${facilities.join(', ')})`;
    if (v.block !== c.block || v.version !== c.version || !sameBytes(v.digest, c.digest) || !sameBytes(v.prevHash, c.prevHash)) {
      return `${v.facility}'s vote is for another block version, digest or ledger head`;
    }
    const problem = voteProblem(cluster, v, keyOf(v.facility));
    if (problem) return problem;
  }
  const q = commitQuorum(facilities.length);
  if (c.votes.length < q) return `${c.votes.length} valid signature${c.votes.length === 1 ? '' : 's'}; ${q} of ${facilities.length} facilities must sign`;
  const voters = new Set(c.votes.map((v) => v.facility));
  previous = '';
  for (const d of c.dissent) {
    if (d.facility <= previous) return `dissent must be in facility order, one per facility (${d.facility} after ${previous || 'the start'})`;
    previous = d.facility;
    if (voters.has(d.facility)) return `${d.facility} both voted and dissented`;
    if (!configured.has(d.facility)) return `${d.facility} is not one of the cluster's facilities`;
    if (d.vote) {
      if (d.vote.facility !== d.facility || d.vote.block !== c.block || d.vote.version !== c.version || !sameBytes(d.vote.prevHash, c.prevHash)) {
        return `${d.facility}'s dissenting vote is for another facility, block version or ledger head`;
      }
      const problem = voteProblem(cluster, d.vote, keyOf(d.facility));
      if (problem) return `dissent: ${problem}`;
    }
  }
  return undefined;
}

/** The outcome of checking a sequence of entries as a whole ledger. */
export type ChainVerdict =
  | { readonly ok: true; readonly entries: number; readonly head: LedgerHead }
  /** `position`: 1-based place in the sequence checked; `seq`: what the entry there claims. */
  | { readonly ok: false; readonly position: number; readonly seq: number; readonly problem: string };

/**
 * Checks entries as a whole ledger, from the first: sequence numbers 1, 2, ... without
 * gaps, each previous hash the hash of the entry before (the genesis hash for the first),
 * each hash the hash of the entry's content, and, unless `keyOf` is null, each
 * commitment's signatures. Stops at the first bad entry and names it.
 */
export function verifyChain(
  cluster: string,
  facilities: readonly string[],
  keyOf: ((facility: string) => Uint8Array | undefined) | null,
  entries: Iterable<LedgerEntry>,
): ChainVerdict {
  let head: LedgerHead = { seq: 0, hash: genesisHash(cluster) };
  let position = 0;
  for (const e of entries) {
    position++;
    const bad = (problem: string): ChainVerdict => ({ ok: false, position, seq: e.seq, problem });
    if (e.seq !== head.seq + 1) {
      return bad(`expected sequence ${head.seq + 1}, found ${e.seq} (an entry was removed, inserted or reordered)`);
    }
    if (!sameBytes(e.prevHash, head.hash)) return bad(`its previous hash is not the hash of entry ${head.seq} (an entry before it was changed or replaced)`);
    if (!sameBytes(entryHash(cluster, e), e.hash)) return bad('its hash does not match its contents (it was changed after it was appended)');
    const problem = keyOf ? commitmentProblem(cluster, e, facilities, keyOf) : undefined;
    if (problem) return bad(problem);
    head = { seq: e.seq, hash: e.hash };
  }
  return { ok: true, entries: position, head };
}
