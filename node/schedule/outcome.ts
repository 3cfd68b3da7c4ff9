/**
 * What applying one command produces: the result the waiting client receives. The state
 * it leaves behind is read through the machine (queries, snapshot), never from here.
 */
import type { Assignment, Block, PoolSpec } from './command.ts';
import type { CoverageStatus } from './coverage.ts';

/**
 * Why a command was refused. The server maps these to gRPC status codes in one table.
 * `permissionDenied` comes from the log entry's signature check (node/ledger), before the
 * schedule sees the command; the schedule's own rules never produce it.
 */
export type ApplyErrorCode = 'invalidArgument' | 'notFound' | 'alreadyExists' | 'conflict' | 'permissionDenied';

/**
 * An exclusive, leased schedule lock on a block (`facility` '') or on one facility's part
 * of a block. `token` is the Raft index of the command that granted it (the fencing
 * token); times are on the log clock (ms since the epoch, see machine.ts).
 */
export interface LockRecord {
  readonly block: string;
  readonly facility: string;
  readonly holder: string;
  readonly token: number;
  readonly grantedAtMs: number;
  readonly expiresAtMs: number;
}

/**
 * One effect of an accepted command on the schedule, as watch streams report it.
 * Commands that change nothing have none.
 */
export type Change =
  | { readonly kind: 'assigned'; readonly assignment: Assignment }
  | { readonly kind: 'unassigned'; readonly assignment: Assignment }
  | { readonly kind: 'blockAdded'; readonly block: Block }
  | { readonly kind: 'poolsSet'; readonly facility: string; readonly pools: readonly PoolSpec[] }
  | { readonly kind: 'lockAcquired' | 'lockRenewed' | 'lockReleased'; readonly lock: LockRecord }
  /** An emergency write (coverage.ts) changed status: `block` is its block, `to` where it stands now. */
  | { readonly kind: 'coverage'; readonly id: string; readonly block: string; readonly to: CoverageStatus };

/**
 * The client-visible result. A refused command (`ok: false`) changed nothing in the
 * schedule (its request id and the log clock are still recorded, see machine.ts).
 *
 * `appliedAt` is the log index at which this request id was first applied; `duplicate`
 * is true when this command was a retry of an already applied request id, in which case
 * everything else is the first outcome, repeated, and nothing was applied again.
 * `changes` lists what an accepted command changed; `lock` is the lock a lock command
 * granted, renewed or released.
 */
export type ApplyResult =
  | {
      readonly ok: true;
      readonly detail: string;
      readonly appliedAt?: number;
      readonly duplicate?: boolean;
      readonly changes?: readonly Change[];
      readonly lock?: LockRecord;
    }
  | {
      readonly ok: false;
      readonly code: ApplyErrorCode;
      readonly message: string;
      readonly appliedAt?: number;
      readonly duplicate?: boolean;
    };

/** What one apply returns. An object rather than the bare result, so callers read `.result` whatever is added later. */
export interface ApplyOutcome {
  readonly result: ApplyResult;
}
