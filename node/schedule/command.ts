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

/** What a command does to the schedule. `unassign` names the assignment by person and block. */
export type Op =
  | { readonly kind: 'addPerson'; readonly person: Person }
  | { readonly kind: 'addBlock'; readonly block: Block }
  | { readonly kind: 'assign'; readonly assignment: Assignment }
  | { readonly kind: 'unassign'; readonly person: string; readonly block: string };

/**
 * A client write as stored in the log.
 * `requestId` is unique per logical request (retries reuse it); `issuer` is the facility
 * whose node proposed it; `timestampMs` (ms since the epoch, stamped by the proposing
 * leader) is the only notion of time the state machine ever sees.
 */
export interface Command {
  readonly requestId: string;
  readonly issuer: string;
  readonly timestampMs: number;
  readonly op: Op;
}
