/**
 * The replicated part of the ledger: the facilities' keys, the hash-chained commitments,
 * every vote seen in them, and the evidence recorded against lying facilities. Applied
 * from the log like the schedule, deterministically: the same entries give the same book
 * and the same snapshot bytes on every node. Signature checks of log entries are
 * ReplicatedState's (it owns the envelope); this book checks what the commitments and
 * evidence themselves carry.
 */
import type { LedgerAppend__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import type { ApplyResult } from '../schedule/index.ts';
import { commitmentProblem, entryHash, genesisHash, verifyChain, type EntryContent, type LedgerEntry, type LedgerHead } from './chain.ts';
import {
  entryFromJson,
  entryToJson,
  evidenceFromJson,
  evidenceToJson,
  jsonList,
  jsonObject,
  jsonString,
  jsonUint,
  LedgerJsonError,
  publicKeyFromJson,
  publicKeyToJson,
  voteFromJson,
  voteToJson,
} from './entry-json.ts';
import { describeEvidence, evidenceId, evidenceProblem, type EvidenceRecord, type Statements } from './evidence.ts';
import { Keyring, type KeyRecord } from './keyring.ts';
import { sameBytes } from './merkle.ts';
import { commitQuorum, faultsTolerated } from './quorum.ts';
import { normalizeVote, voteProblem, type SignedVote } from './vote.ts';

/** A key given at genesis (the same --peer-keys on every node). */
export interface GenesisKey {
  readonly facility: string;
  readonly publicKey: Uint8Array;
}

/** Where an append came from, as the log says. */
export interface AppendContext {
  readonly proposer: string;
  readonly index: number;
  /** The block's version in the schedule now (undefined: no such block). */
  readonly currentVersion: number | undefined;
}

const ok = (detail: string): ApplyResult => ({ ok: true, detail, changes: [] });
const refuse = (code: Extract<ApplyResult, { ok: false }>['code'], message: string): ApplyResult => ({ ok: false, code, message });

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export class LedgerBook {
  readonly keyring = new Keyring();
  private readonly entries: LedgerEntry[] = [];
  /** block -> its entries, oldest first. */
  private readonly byBlock = new Map<string, LedgerEntry[]>();
  /** facility \n block \n version -> the first valid vote seen (committed or dissenting). */
  private readonly votes = new Map<string, SignedVote>();
  private readonly evidenceById = new Map<string, EvidenceRecord>();
  private readonly genesis: Buffer;

  constructor(
    readonly cluster: string,
    /** The configured facilities, in any order: the n of the quorum rule. */
    facilities: readonly string[],
    genesisKeys: readonly GenesisKey[] = [],
  ) {
    this.facilities = [...new Set(facilities)].sort();
    this.genesis = genesisHash(cluster);
    for (const k of genesisKeys) {
      const r = this.keyring.register(k.facility, k.publicKey, 0);
      if (!r.ok) throw new TypeError(`genesis keys: ${r.message}`);
    }
  }

  readonly facilities: readonly string[];

  /** n, f and q of the quorum rule for the configured facilities. */
  quorum(): { n: number; f: number; q: number } {
    const n = this.facilities.length;
    return { n, f: faultsTolerated(n), q: commitQuorum(n) };
  }

  head(): LedgerHead {
    const last = this.entries[this.entries.length - 1];
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: this.genesis };
  }

  /** Entry `seq` (1-based), if appended. */
  entry(seq: number): LedgerEntry | undefined {
    return this.entries[seq - 1];
  }

  /** Up to `limit` entries from `fromSeq` on, optionally one block's. */
  page(fromSeq: number, limit: number, block?: string): LedgerEntry[] {
    const source = block ? (this.byBlock.get(block) ?? []) : this.entries;
    const out: LedgerEntry[] = [];
    for (const e of source) {
      if (e.seq < fromSeq) continue;
      if (out.length >= limit) break;
      out.push(e);
    }
    return out;
  }

  /** The newest commitment of a block. */
  latest(block: string): LedgerEntry | undefined {
    const list = this.byBlock.get(block);
    return list?.[list.length - 1];
  }

  /** The commitment of one block version, if any. */
  committed(block: string, version: number): LedgerEntry | undefined {
    return this.byBlock.get(block)?.find((e) => e.version === version);
  }

  /** The vote a facility gave for a block version, as the ledger has seen it. */
  voteOf(facility: string, block: string, version: number): SignedVote | undefined {
    return this.votes.get(voteKey(facility, block, version));
  }

  evidence(): EvidenceRecord[] {
    return [...this.evidenceById.values()].sort((a, b) => a.index - b.index || (a.id < b.id ? -1 : 1));
  }

  // ---------------------------------------------------------------- apply

  registerKey(facility: string, publicKey: Uint8Array, index: number): ApplyResult {
    const r = this.keyring.register(facility, publicKey, index);
    if (!r.ok) return refuse('conflict', r.message);
    const key = this.keyring.get(facility)!;
    return ok(r.added ? `registered ${facility}'s key ${key.fingerprint}` : `${facility}'s key ${key.fingerprint} was registered already`);
  }

  /**
   * Appends a commitment, or says why not: the block must exist at a version at least the
   * claimed one; a version committed already with the same digest is answered with that
   * entry (nothing appended), with another digest or below the block's latest commitment
   * is refused; the previous hash must be the head's (else conflict: the head moved, ask
   * again); and the votes must commit it (chain.ts, commitmentProblem). Every valid vote it
   * carries is remembered first, whatever the outcome: a facility's second vote on a
   * different digest for one block version becomes evidence.
   */
  append(a: Readonly<LedgerAppend__Output>, ctx: AppendContext): ApplyResult {
    const votes = a.votes.map(normalizeVote);
    const dissent = a.dissent.map((d) => ({ facility: d.facility, reason: d.reason, vote: d.vote ? normalizeVote(d.vote) : null }));
    this.witness([...votes, ...dissent.flatMap((d) => (d.vote ? [d.vote] : []))], ctx);
    if (ctx.currentVersion === undefined) return refuse('notFound', `block ${a.block} not found`);
    if (a.version > ctx.currentVersion) return refuse('conflict', `block ${a.block} is at version ${ctx.currentVersion}; version ${a.version} does not exist yet`);
    const same = this.committed(a.block, a.version);
    if (same) {
      if (sameBytes(same.digest, a.digest)) return { ...ok(`block ${a.block} version ${a.version} is committed already, as ledger entry ${same.seq}`), duplicate: true };
      return refuse('conflict', `block ${a.block} version ${a.version} is committed already with another digest (entry ${same.seq})`);
    }
    const latest = this.latest(a.block);
    if (latest && latest.version > a.version) return refuse('conflict', `block ${a.block} has a later commitment (version ${latest.version}, entry ${latest.seq})`);
    const head = this.head();
    if (!sameBytes(a.prevHash, head.hash)) return refuse('conflict', `the ledger head moved on to entry ${head.seq}; the votes chain to another head: ask for them again`);
    const claim = { block: a.block, version: a.version, digest: Buffer.from(a.digest), prevHash: Buffer.from(a.prevHash), votes, dissent };
    const problem = commitmentProblem(this.cluster, claim, this.facilities, (f) => this.keyring.keyOf(f));
    if (problem) return refuse('permissionDenied', `commitment of block ${a.block} version ${a.version} refused: ${problem}`);
    const content: EntryContent = { seq: head.seq + 1, ...claim, timeMs: a.timeMs, proposer: ctx.proposer };
    const entry: LedgerEntry = { ...content, hash: entryHash(this.cluster, content), index: ctx.index };
    this.add(entry);
    const dissentNote = dissent.length > 0 ? `; dissent: ${dissent.map((d) => `${d.facility} (${d.reason})`).join('; ')}` : '';
    return ok(`committed block ${a.block} version ${a.version} as ledger entry ${entry.seq}, signed by ${votes.map((v) => v.facility).join(', ')}${dissentNote}`);
  }

  /** Records evidence reported by `reporter`, once per pair of statements; refuses statements that are not evidence. */
  reportEvidence(s: Statements, reporter: string, index: number): ApplyResult {
    const problem = evidenceProblem(this.cluster, s, (f) => this.keyring.keyOf(f));
    if (problem) return refuse('invalidArgument', `not evidence: ${problem}`);
    const recorded = this.record(s, reporter, index);
    return ok(recorded ? `recorded evidence ${recorded.id} against ${recorded.facility}` : 'this evidence was recorded already');
  }

  private add(entry: LedgerEntry): void {
    this.entries.push(entry);
    let list = this.byBlock.get(entry.block);
    if (!list) {
      list = [];
      this.byBlock.set(entry.block, list);
    }
    list.push(entry);
  }

  /** Remembers valid votes; a conflicting second vote by one facility is evidence. */
  private witness(votes: readonly SignedVote[], ctx: AppendContext): void {
    for (const v of votes) {
      if (voteProblem(this.cluster, v, this.keyring.keyOf(v.facility)) !== undefined) continue;
      const key = voteKey(v.facility, v.block, v.version);
      const seen = this.votes.get(key);
      if (!seen) this.votes.set(key, v);
      else if (!sameBytes(seen.digest, v.digest)) this.record({ kind: 'votes', first: seen, second: v }, ctx.proposer, ctx.index);
    }
  }

  private record(s: Statements, reporter: string, index: number): EvidenceRecord | undefined {
    const id = evidenceId(this.cluster, s);
    if (this.evidenceById.has(id)) return undefined;
    const e: EvidenceRecord = { id, facility: s.first.facility, statements: s, index, reportedBy: reporter, detail: describeEvidence(s) };
    this.evidenceById.set(id, e);
    return e;
  }

  // ---------------------------------------------------------------- snapshot

  /** Canonical JSON of the book: keys by facility, entries by seq, votes by key, evidence by id. */
  snapshot(): Uint8Array {
    const votes = [...this.votes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => voteToJson(v));
    const evidence = [...this.evidenceById.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map(evidenceToJson);
    return utf8.encode(
      JSON.stringify({
        keys: this.keyring.all().map((k) => ({ facility: k.facility, publicKey: publicKeyToJson(k.publicKey), registeredAt: k.registeredAt })),
        entries: this.entries.map(entryToJson),
        votes,
        evidence,
      }),
    );
  }

  /**
   * A book from snapshot() bytes. Checks the chain's hashes (not the signatures: they were
   * checked when each entry was appended, and checking them again for a long ledger would
   * hold a restart for seconds); throws LedgerJsonError naming what is wrong.
   */
  static restore(cluster: string, facilities: readonly string[], bytes: Uint8Array): LedgerBook {
    let root: Record<string, unknown>;
    try {
      root = jsonObject(JSON.parse(fromUtf8.decode(bytes)), 'ledger');
    } catch (e) {
      if (e instanceof LedgerJsonError) throw e;
      throw new LedgerJsonError(`ledger: not readable JSON (${(e as Error).message})`);
    }
    const book = new LedgerBook(cluster, facilities);
    jsonList(root.keys, 'ledger.keys').forEach((value, i) => {
      const path = `ledger.keys[${i}]`;
      const o = jsonObject(value, path);
      const r = book.keyring.register(jsonString(o, 'facility', path), publicKeyFromJson(o, 'publicKey', path), jsonUint(o, 'registeredAt', path));
      if (!r.ok) throw new LedgerJsonError(`${path}: ${r.message}`);
    });
    const entries = jsonList(root.entries, 'ledger.entries').map((v, i) => entryFromJson(v, `ledger.entries[${i}]`));
    const verdict = verifyChain(cluster, facilities, null, entries);
    if (!verdict.ok) throw new LedgerJsonError(`ledger entry ${verdict.seq}: ${verdict.problem}`);
    for (const e of entries) book.add(e);
    for (const [i, v] of jsonList(root.votes, 'ledger.votes').entries()) {
      const vote = voteFromJson(v, `ledger.votes[${i}]`);
      book.votes.set(voteKey(vote.facility, vote.block, vote.version), vote);
    }
    for (const [i, v] of jsonList(root.evidence, 'ledger.evidence').entries()) {
      const e = evidenceFromJson(v, `ledger.evidence[${i}]`);
      book.evidenceById.set(e.id, e);
    }
    return book;
  }
}

function voteKey(facility: string, block: string, version: number): string {
  return `${facility}\n${block}\n${version}`;
}

export type { KeyRecord };
