/**
 * The schedule commands that travel through the Raft log, as plain TypeScript values.
 * The wire form is `rosterd.v1.Command` in proto/roster.proto (see codec.ts); these types
 * are what validate.ts checks and what ScheduleMachine.apply consumes.
 */

/** The two kinds of people the schedule knows. */
export type PersonRole = 'resident' | 'faculty';

/** Every valid PersonRole, in wire-enum order (RESIDENT = 0, FACULTY = 1). */
export const PERSON_ROLES: readonly PersonRole[] = Object.freeze(['resident', 'faculty']);

/** A resident or faculty member; `homeFacility` is the id of the facility they belong to. */
export interface Person {
  readonly id: string;
  readonly name: string;
  readonly role: PersonRole;
  readonly homeFacility: string;
}

/** A rotation block: an inclusive range of ISO calendar dates (YYYY-MM-DD). */
export interface Block {
  readonly id: string;
  readonly start: string;
  readonly end: string;
}

/** One person working in one pool of one facility for one block. */
export interface Assignment {
  readonly person: string;
  readonly facility: string;
  readonly pool: string;
  readonly block: string;
}

/**
 * One pool of a facility's bulkhead table (the rules are in pools.ts). Counts are people
 * per block.
 * - `capacity`: the most people the pool may hold in one block, borrowed seats included.
 * - `reserved`: the pool's own seats; no other pool can ever use them (0..capacity).
 * - `borrowLimit`: the most seats of the facility's flex pool this pool may use at once.
 * - `flex`: this is the facility's flex pool (at most one per facility; its borrowLimit
 *   is 0). Its `capacity` is the number of flex seats, shared by people assigned to the
 *   flex pool itself and seats lent to other pools; its `reserved` seats are never lent.
 */
export interface PoolSpec {
  readonly name: string;
  readonly capacity: number;
  readonly reserved: number;
  readonly borrowLimit: number;
  readonly flex: boolean;
}

/** An assignment named by person and block (a person holds at most one per block). */
export interface AssignmentRef {
  readonly person: string;
  readonly block: string;
}

/**
 * A hybrid-logical-clock timestamp (node/healing/hlc.ts issues them): wall milliseconds,
 * then a counter for events within one millisecond. Orders emergency writes.
 */
export interface Stamp {
  readonly wallMs: number;
  readonly logical: number;
}

/** What an emergency-coverage write does: cover a person in a slot of a block, or withdraw that. */
export type CoverageOp =
  | { readonly kind: 'cover'; readonly assignment: Assignment }
  | { readonly kind: 'uncover'; readonly person: string; readonly block: string };

/**
 * An emergency-coverage (AP) write, as accepted by one facility's node: straight through
 * Raft when it could reach a quorum, else from its local journal when the partition
 * heals. `id` is the client's request id: one identity from the node that accepted it
 * to the log, so a write that arrives both ways counts once.
 */
export interface CoverageWrite {
  readonly id: string;
  /** The facility whose node accepted it. */
  readonly facility: string;
  /** When that node accepted it. */
  readonly stamp: Stamp;
  /** Why, in the coordinator's words ('' when none was given). */
  readonly reason: string;
  readonly op: CoverageOp;
}

/**
 * What a command does to the schedule.
 * - `unassign` names the assignment by person and block.
 * - `setPools` replaces a facility's pool table (every block of that facility).
 * - lock ops name a block and a facility, where facility '' is the whole block.
 *   `ttlMs` is the lease length, counted on the log clock (see machine.ts).
 * - `exchange`: `first.person` takes over second's assignment and `second.person`
 *   first's, atomically.
 * - `move`: the assignment of `person` in `block` passes to `toPerson` and/or to
 *   another facility and pool; '' keeps the current value.
 * - `coverage`: one emergency-coverage write through Raft (coverage.ts has the rules).
 * - `reconcile`: a facility's journal of emergency writes accepted while it had no
 *   quorum, submitted after the partition healed; each write counts once by its id.
 * - `resolveConflict`: a coordinator settles an emergency write in conflict: `accept`
 *   makes it a final approval (under the rules of assign or unassign), `dismiss` drops it.
 */
export type Op =
  | { readonly kind: 'addPerson'; readonly person: Person }
  | { readonly kind: 'addBlock'; readonly block: Block }
  | { readonly kind: 'assign'; readonly assignment: Assignment }
  | { readonly kind: 'unassign'; readonly person: string; readonly block: string }
  | { readonly kind: 'setPools'; readonly facility: string; readonly pools: readonly PoolSpec[] }
  | {
      readonly kind: 'acquireLock';
      readonly block: string;
      readonly facility: string;
      readonly holder: string;
      readonly ttlMs: number;
    }
  | { readonly kind: 'renewLock'; readonly block: string; readonly facility: string; readonly token: number; readonly ttlMs: number }
  | { readonly kind: 'releaseLock'; readonly block: string; readonly facility: string; readonly token: number }
  | { readonly kind: 'exchange'; readonly first: AssignmentRef; readonly second: AssignmentRef }
  | {
      readonly kind: 'move';
      readonly person: string;
      readonly block: string;
      readonly toPerson: string;
      readonly toFacility: string;
      readonly toPool: string;
    }
  | { readonly kind: 'coverage'; readonly write: CoverageWrite }
  | { readonly kind: 'reconcile'; readonly facility: string; readonly writes: readonly CoverageWrite[] }
  | { readonly kind: 'resolveConflict'; readonly id: string; readonly decision: 'accept' | 'dismiss' };

/** Every Op kind, for messages and exhaustiveness checks. */
export const OP_KINDS: readonly Op['kind'][] = Object.freeze([
  'addPerson',
  'addBlock',
  'assign',
  'unassign',
  'setPools',
  'acquireLock',
  'renewLock',
  'releaseLock',
  'exchange',
  'move',
  'coverage',
  'reconcile',
  'resolveConflict',
]);

/**
 * A client write as stored in the log.
 * `requestId` is unique per logical request (retries reuse it); `issuer` is the facility
 * whose node proposed it; `timestampMs` (ms since the epoch, stamped by the proposing
 * leader) is the only notion of time the state machine ever sees. `lockTokens` are the
 * fencing tokens the client presents for locked blocks (absent or empty: none).
 */
export interface Command {
  readonly requestId: string;
  readonly issuer: string;
  readonly timestampMs: number;
  readonly lockTokens?: readonly number[];
  readonly op: Op;
}
