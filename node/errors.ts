import { status as Code, Metadata, type ServiceError } from '@grpc/grpc-js';

/**
 * The closed set of errors a rosterd node reports to clients, and their one mapping to
 * gRPC status codes and metadata (toServiceError / fromServiceError). Every error a
 * handler throws that is not one of these is reported as INTERNAL and logged.
 */
export abstract class RosterError extends Error {
  abstract readonly code: Code;
  /** Extra metadata sent with the status (leader hints, retry-after). */
  metadata(): Record<string, string> {
    return {};
  }
}

/** Metadata keys shared by the server and rosterctl. */
export const LEADER_ID_KEY = 'x-roster-leader-id';
export const LEADER_ADDRESS_KEY = 'x-roster-leader';
export const RETRY_AFTER_MS_KEY = 'x-roster-retry-after-ms';
/** With OUT_OF_RANGE from a watch: the smallest index this node can resume from now. */
export const FIRST_INDEX_KEY = 'x-roster-first-index';
/** Present ('unknown') when a write may or may not have been applied. */
export const OUTCOME_KEY = 'x-roster-outcome';

/** This node is not the leader; retry at `leaderAddress` (empty when none is known). */
export class NotLeaderError extends RosterError {
  override readonly name = 'NotLeaderError';
  readonly code = Code.FAILED_PRECONDITION;
  constructor(readonly leaderId: string, readonly leaderAddress: string) {
    super(leaderId ? `not the leader; the leader is ${leaderId} at ${leaderAddress}` : 'not the leader, and no leader is known (election in progress)');
  }
  override metadata(): Record<string, string> {
    return { [LEADER_ID_KEY]: this.leaderId, [LEADER_ADDRESS_KEY]: this.leaderAddress };
  }
}

/** The operation cannot be served now (no quorum, shutting down); it did not take effect unless said otherwise. */
export class UnavailableError extends RosterError {
  override readonly name = 'UnavailableError';
  readonly code = Code.UNAVAILABLE;
}

/** The request is malformed or outside documented limits; nothing reached the log. */
export class InvalidArgumentError extends RosterError {
  override readonly name = 'InvalidArgumentError';
  readonly code = Code.INVALID_ARGUMENT;
}

/** A referenced person, block, facility, pool or member does not exist. */
export class NotFoundError extends RosterError {
  override readonly name = 'NotFoundError';
  readonly code = Code.NOT_FOUND;
}

/** The thing to create exists already (and differs). */
export class AlreadyExistsError extends RosterError {
  override readonly name = 'AlreadyExistsError';
  readonly code = Code.ALREADY_EXISTS;
}

/** The command contradicts the schedule (double booking, full pool, stale lock token). */
export class ConflictError extends RosterError {
  override readonly name = 'ConflictError';
  readonly code = Code.FAILED_PRECONDITION;
}

/** Too much pending work: retry after `retryAfterMs`. */
export class ResourceExhaustedError extends RosterError {
  override readonly name = 'ResourceExhaustedError';
  readonly code = Code.RESOURCE_EXHAUSTED;
  constructor(message: string, readonly retryAfterMs: number) {
    super(message);
  }
  override metadata(): Record<string, string> {
    return { [RETRY_AFTER_MS_KEY]: String(this.retryAfterMs) };
  }
}

/** A watch cannot continue from where it asked (compacted away, or past a snapshot install): resume from `firstIndex` or elsewhere. */
export class OutOfRangeError extends RosterError {
  override readonly name = 'OutOfRangeError';
  readonly code = Code.OUT_OF_RANGE;
  constructor(message: string, readonly firstIndex: number) {
    super(message);
  }
  override metadata(): Record<string, string> {
    return { [FIRST_INDEX_KEY]: String(this.firstIndex) };
  }
}

/** The outcome is unknown: the command may or may not have been applied (e.g. leader lost mid-commit). */
export class OutcomeUnknownError extends RosterError {
  override readonly name = 'OutcomeUnknownError';
  readonly code = Code.UNAVAILABLE;
  override metadata(): Record<string, string> {
    return { [OUTCOME_KEY]: 'unknown' };
  }
}

/** Converts anything thrown by a handler into the status a client sees. */
export function toServiceError(e: unknown): Partial<ServiceError> {
  const md = new Metadata();
  if (e instanceof RosterError) {
    for (const [k, v] of Object.entries(e.metadata())) md.set(k, v);
    return { code: e.code, details: e.message, metadata: md };
  }
  return { code: Code.INTERNAL, details: `internal error: ${(e as Error)?.message ?? String(e)}`, metadata: md };
}
