/**
 * Ledger entries, votes, heads and evidence as JSON: hashes and digests in lowercase hex,
 * keys and signatures in base64. Snapshots (ledger-book.ts) and exports
 * (export-format.ts) use these forms, and reading one back checks every field's type and
 * length, so a damaged file is refused with the field named rather than half-read.
 */
import type { LedgerEntry, Dissent } from './chain.ts';
import type { EvidenceRecord, Statements } from './evidence.ts';
import { HASH_BYTES } from './merkle.ts';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './identity.ts';
import type { SignedHead } from './signed-head.ts';
import type { SignedVote } from './vote.ts';

/** A JSON value that is not what it should be; `path` names the field. */
export class LedgerJsonError extends Error {
  override readonly name = 'LedgerJsonError';
}

type Json = Record<string, unknown>;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

function object(v: unknown, path: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new LedgerJsonError(`${path}: not an object`);
  return v as Json;
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new LedgerJsonError(`${path}: not a list`);
  return v;
}

function str(o: Json, k: string, path: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new LedgerJsonError(`${path}.${k}: not a string`);
  return v;
}

function uint(o: Json, k: string, path: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new LedgerJsonError(`${path}.${k}: not an integer in 0..2^53-1`);
  return v;
}

function hexBytes(o: Json, k: string, path: string, length: number): Buffer {
  const v = str(o, k, path);
  if (!/^[0-9a-f]*$/.test(v) || v.length !== length * 2) throw new LedgerJsonError(`${path}.${k}: not ${length} bytes of lowercase hex`);
  return Buffer.from(v, 'hex');
}

function b64Bytes(o: Json, k: string, path: string, length: number): Buffer {
  const v = str(o, k, path);
  const bytes = Buffer.from(v, 'base64');
  if (bytes.length !== length || b64(bytes) !== v) throw new LedgerJsonError(`${path}.${k}: not ${length} bytes of base64`);
  return bytes;
}

export function voteToJson(v: SignedVote): Json {
  return { facility: v.facility, block: v.block, version: v.version, digest: hex(v.digest), prevHash: hex(v.prevHash), signature: b64(v.signature) };
}

export function voteFromJson(value: unknown, path: string): SignedVote {
  const o = object(value, path);
  return {
    facility: str(o, 'facility', path),
    block: str(o, 'block', path),
    version: uint(o, 'version', path),
    digest: hexBytes(o, 'digest', path, HASH_BYTES),
    prevHash: hexBytes(o, 'prevHash', path, HASH_BYTES),
    signature: b64Bytes(o, 'signature', path, SIGNATURE_BYTES),
  };
}

function dissentToJson(d: Dissent): Json {
  return { facility: d.facility, reason: d.reason, ...(d.vote ? { vote: voteToJson(d.vote) } : {}) };
}

function dissentFromJson(value: unknown, path: string): Dissent {
  const o = object(value, path);
  return { facility: str(o, 'facility', path), reason: str(o, 'reason', path), vote: o.vote === undefined ? null : voteFromJson(o.vote, `${path}.vote`) };
}

export function entryToJson(e: LedgerEntry): Json {
  return {
    seq: e.seq,
    prevHash: hex(e.prevHash),
    block: e.block,
    version: e.version,
    digest: hex(e.digest),
    timeMs: e.timeMs,
    proposer: e.proposer,
    votes: e.votes.map(voteToJson),
    dissent: e.dissent.map(dissentToJson),
    hash: hex(e.hash),
    index: e.index,
  };
}

export function entryFromJson(value: unknown, path: string): LedgerEntry {
  const o = object(value, path);
  return {
    seq: uint(o, 'seq', path),
    prevHash: hexBytes(o, 'prevHash', path, HASH_BYTES),
    block: str(o, 'block', path),
    version: uint(o, 'version', path),
    digest: hexBytes(o, 'digest', path, HASH_BYTES),
    timeMs: uint(o, 'timeMs', path),
    proposer: str(o, 'proposer', path),
    votes: list(o.votes, `${path}.votes`).map((v, i) => voteFromJson(v, `${path}.votes[${i}]`)),
    dissent: list(o.dissent, `${path}.dissent`).map((d, i) => dissentFromJson(d, `${path}.dissent[${i}]`)),
    hash: hexBytes(o, 'hash', path, HASH_BYTES),
    index: uint(o, 'index', path),
  };
}

export function headToJson(h: SignedHead): Json {
  return { facility: h.facility, seq: h.seq, hash: hex(h.hash), signature: b64(h.signature) };
}

export function headFromJson(value: unknown, path: string): SignedHead {
  const o = object(value, path);
  return { facility: str(o, 'facility', path), seq: uint(o, 'seq', path), hash: hexBytes(o, 'hash', path, HASH_BYTES), signature: b64Bytes(o, 'signature', path, SIGNATURE_BYTES) };
}

export function statementsToJson(s: Statements): Json {
  return s.kind === 'votes'
    ? { kind: 'votes', first: voteToJson(s.first), second: voteToJson(s.second) }
    : { kind: 'heads', first: headToJson(s.first), second: headToJson(s.second) };
}

export function statementsFromJson(value: unknown, path: string): Statements {
  const o = object(value, path);
  const kind = str(o, 'kind', path);
  if (kind === 'votes') return { kind, first: voteFromJson(o.first, `${path}.first`), second: voteFromJson(o.second, `${path}.second`) };
  if (kind === 'heads') return { kind, first: headFromJson(o.first, `${path}.first`), second: headFromJson(o.second, `${path}.second`) };
  throw new LedgerJsonError(`${path}.kind: neither votes nor heads`);
}

export function evidenceToJson(e: EvidenceRecord): Json {
  return { id: e.id, facility: e.facility, statements: statementsToJson(e.statements), index: e.index, reportedBy: e.reportedBy, detail: e.detail };
}

export function evidenceFromJson(value: unknown, path: string): EvidenceRecord {
  const o = object(value, path);
  return {
    id: str(o, 'id', path),
    facility: str(o, 'facility', path),
    statements: statementsFromJson(o.statements, `${path}.statements`),
    index: uint(o, 'index', path),
    reportedBy: str(o, 'reportedBy', path),
    detail: str(o, 'detail', path),
  };
}

export function publicKeyToJson(key: Uint8Array): string {
  return b64(key);
}

export function publicKeyFromJson(o: Json, k: string, path: string): Buffer {
  return b64Bytes(o, k, path, PUBLIC_KEY_BYTES);
}

export { object as jsonObject, list as jsonList, str as jsonString, uint as jsonUint };
