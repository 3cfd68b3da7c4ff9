/**
 * What the node's event stream sends the page (node/web): plain JSON, shared by the
 * server that builds it and the browser code that renders it. Every field comes from a
 * reply of the gRPC read API (proto/roster.proto, proto/admin.proto), reshaped for
 * display and nothing added: the page can show no more than `rosterctl` can read.
 *
 * Two events: `board` (a block's schedule and what depends on it) after every change the
 * node applies to that block, and `cluster` (every member's own status) every second,
 * which is also the stream's heartbeat.
 */

/** A rotation block. */
export interface BlockInfo {
  readonly id: string;
  readonly start: string;
  readonly end: string;
}

/** Someone holding a seat of a pool: a final assignment, or a standing emergency cover (provisional). */
export interface SeatView {
  readonly person: string;
  readonly name: string;
  readonly role: string;
  readonly provisional: boolean;
}

/** One pool of one facility in the block (Roster.GetPools with the block, and the seats of GetSchedule). */
export interface PoolView {
  readonly name: string;
  readonly capacity: number;
  readonly reserved: number;
  readonly borrowLimit: number;
  readonly flex: boolean;
  readonly assigned: number;
  /** Flex seats this pool uses (regular pools), or lends to the others (the flex pool). */
  readonly borrowed: number;
  readonly lent: number;
  /** How many more people fit now, by every rule. */
  readonly left: number;
  readonly seats: readonly SeatView[];
}

/** One facility's row of the board. */
export interface FacilityView {
  readonly facility: string;
  /** The pool table was set by `pools set` (else the configured default). */
  readonly custom: boolean;
  readonly pools: readonly PoolView[];
}

/** An emergency write of the block and where it stands (Roster.ListCoverage). */
export interface CoverageView {
  readonly id: string;
  /** The facility whose node accepted it. */
  readonly facility: string;
  /** "cover icu7 at B/ICU" or "withdraw the cover of icu7". */
  readonly write: string;
  readonly reason: string;
  /** STANDING, CONFIRMED, WITHDRAWN, APPLIED, CONFLICT or RESOLVED. */
  readonly status: string;
  /** Why it lost, and to what, for a write in conflict; else ''. */
  readonly conflict: string;
  /** Journaled on the page's node and not in the log yet. */
  readonly provisional: boolean;
  /** Log index where it entered the log; 0 while provisional. */
  readonly index: number;
}

/** One finding of the N-1 experiment (Roster.Contingency). */
export interface FindingView {
  readonly outcome: 'failed' | 'covered';
  readonly lost: readonly string[];
  readonly message: string;
}

/** The block's N-1 contingency report. */
export interface ContingencyView {
  /** The report's first line (scope, K, exhaustive or sampled) and its summary line. */
  readonly heading: string;
  readonly summary: string;
  /** Pools below their reserve before any loss: "ICU at B 3 of 5". */
  readonly baseline: readonly string[];
  readonly findings: readonly FindingView[];
  readonly unlisted: number;
}

/** A change the node applied to the block (Roster.Watch). */
export interface ChangeView {
  readonly index: number;
  readonly timestampMs: number;
  readonly kind: string;
  readonly detail: string;
}

/** The `board` event. */
export interface BoardView {
  /** The node that answered, its applied index, and ms since it heard from a leader (-1: never). */
  readonly servedBy: string;
  readonly appliedIndex: number;
  readonly msSinceLeaderContact: number;
  /** Every block, by start date, newest last. */
  readonly blocks: readonly BlockInfo[];
  /** The block shown; null when there is none yet or the one asked for does not exist. */
  readonly block: BlockInfo | null;
  /** The block asked for (by the page's ?block=), or '' for the newest one. */
  readonly asked: string;
  readonly facilities: readonly FacilityView[];
  readonly coverage: readonly CoverageView[];
  readonly contingency: ContingencyView | null;
  /** Newest first. */
  readonly changes: readonly ChangeView[];
  /** A read that failed while building the board (the rest is still shown), or ''. */
  readonly problem: string;
  /** Absent when the node's ledger could not be read (see LedgerView). */
  readonly ledger?: LedgerView;
}

/** How one member sees its link to a peer (Admin.Status links). */
export interface LinkView {
  readonly peer: string;
  /** The peer's frames arrive; the peer hears this member. */
  readonly inbound: boolean;
  readonly outbound: boolean;
  readonly connected: boolean;
  /** closed | open | halfOpen: the link's circuit breaker. */
  readonly breaker: string;
}

/** A member's own view of itself (Admin.Status), or only its id and address when it did not answer. */
export interface MemberView {
  readonly id: string;
  readonly address: string;
  readonly voter: boolean;
  readonly answered: boolean;
  readonly role: string;
  readonly term: number;
  readonly leader: string;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  /** connected | majority | minority, as the member sees itself. */
  readonly partitionState: string;
  readonly reachable: readonly string[];
  readonly unreachable: readonly string[];
  readonly links: readonly LinkView[];
  readonly journalWrites: number;
  readonly openConflicts: number;
  readonly isolated: boolean;
}

/** The `cluster` event. */
export interface ClusterView {
  /** The page's node, and when the server sent this (ms since the epoch). */
  readonly servedBy: string;
  readonly sentAtMs: number;
  /** The leader the page's node knows ('' : none). */
  readonly leader: string;
  /** The page's node's own status (always answered while the stream is up). */
  readonly self: MemberView;
  /** Every member, sorted by id, the page's node included. */
  readonly members: readonly MemberView[];
}

/**
 * The signed ledger's head and this block's commitments, from Ledger.GetLedger on the
 * node's applied state. Absent when that read failed; the page then hides the panel.
 */
export interface LedgerView {
  /** The hash of the latest ledger entry, and its sequence number. */
  readonly head: string;
  readonly seq: number;
  /** The block's commitments, newest first: the version, its digest and who signed it. */
  readonly commitments: readonly { readonly seq: number; readonly version: number; readonly digest: string; readonly signers: readonly string[] }[];
}
