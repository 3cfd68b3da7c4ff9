/**
 * Evidence of a lying facility: two statements it signed that cannot both be honest. Two
 * votes for different digests of one block version (CometBFT's duplicate-vote evidence),
 * or two signed ledger heads with different hashes at one sequence (a split view it
 * presented). Each is checked with the facility's public key alone, so anyone holding an
 * export can verify it offline.
 */
import { createHash } from 'node:crypto';
import type { Evidence__Output, ReportEvidence__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import { sameBytes } from './merkle.ts';
import { headBytes, headProblem, type SignedHead } from './signed-head.ts';
import { voteBytes, voteProblem, type SignedVote } from './vote.ts';

/** Evidence as the replicated state records it: the statements, and who reported them where. */
export interface EvidenceRecord {
  readonly id: string;
  readonly facility: string;
  readonly statements: Statements;
  /** The Raft index that recorded it. */
  readonly index: number;
  readonly reportedBy: string;
  readonly detail: string;
}

/** The two statements, as ReportEvidence carries them. */
export type Statements =
  | { readonly kind: 'votes'; readonly first: SignedVote; readonly second: SignedVote }
  | { readonly kind: 'heads'; readonly first: SignedHead; readonly second: SignedHead };

/** Evidence as the Ledger service sends it. */
export function evidenceToWire(e: EvidenceRecord): Evidence__Output {
  return { id: e.id, facility: e.facility, kind: e.statements.kind, statements: statementsToWire(e.statements), index: e.index, reportedBy: e.reportedBy, detail: e.detail };
}

/** The wire form of statements. */
export function statementsToWire(s: Statements): ReportEvidence__Output {
  return s.kind === 'votes' ? { kind: 'votes', votes: { first: s.first, second: s.second } } : { kind: 'heads', heads: { first: s.first, second: s.second } };
}

/** Statements from the wire; undefined when a part is missing. */
export function statementsFromWire(w: ReportEvidence__Output | null | undefined): Statements | undefined {
  if (w?.kind === 'votes' && w.votes?.first && w.votes.second) return { kind: 'votes', first: w.votes.first, second: w.votes.second };
  if (w?.kind === 'heads' && w.heads?.first && w.heads.second) return { kind: 'heads', first: w.heads.first, second: w.heads.second };
  return undefined;
}

/** Why these statements are not evidence against the facility they name; undefined when they are. */
export function evidenceProblem(cluster: string, s: Statements, keyOf: (facility: string) => Uint8Array | undefined): string | undefined {
  const { first, second } = s;
  if (first.facility !== second.facility) return `the statements are by two facilities (${first.facility}, ${second.facility})`;
  const key = keyOf(first.facility);
  if (s.kind === 'votes') {
    if (s.first.block !== s.second.block || s.first.version !== s.second.version) return 'the votes are for different block versions';
    if (sameBytes(s.first.digest, s.second.digest)) return 'the votes are for the same digest';
    return voteProblem(cluster, s.first, key) ?? voteProblem(cluster, s.second, key);
  }
  if (s.first.seq !== s.second.seq) return 'the heads are at different sequences';
  if (sameBytes(s.first.hash, s.second.hash)) return 'the heads have the same hash';
  return headProblem(cluster, s.first, key) ?? headProblem(cluster, s.second, key);
}

function statementBytes(cluster: string, s: SignedVote | SignedHead, kind: Statements['kind']): Buffer {
  const body = kind === 'votes' ? voteBytes(cluster, s as SignedVote) : headBytes(cluster, s as SignedHead);
  return Buffer.concat([body, s.signature]);
}

/** SHA-256 hex over both statements' signed bytes and signatures, in byte order: one pair has one id, whichever came first. */
export function evidenceId(cluster: string, s: Statements): string {
  const parts = [statementBytes(cluster, s.first, s.kind), statementBytes(cluster, s.second, s.kind)].sort(Buffer.compare);
  return createHash('sha256').update(parts[0]!).update(parts[1]!).digest('hex');
}

/** One line saying what the evidence shows. */
export function describeEvidence(s: Statements): string {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').slice(0, 12);
  if (s.kind === 'votes') {
    return `${s.first.facility} signed two digests for block ${s.first.block} version ${s.first.version}: ${hex(s.first.digest)}… and ${hex(s.second.digest)}…`;
  }
  return `${s.first.facility} signed two ledger heads at sequence ${s.first.seq}: ${hex(s.first.hash)}… and ${hex(s.second.hash)}…`;
}
