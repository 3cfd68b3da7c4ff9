import { status as Code, Metadata, type ServiceError } from '@grpc/grpc-js';

/**
 * The closed set of errors a rosterd node reports to clients, and their one mapping to
 * gRPC status codes and metadata (toServiceError). Every error a handler throws that is
 * not one of these is reported as INTERNAL and logged.
 *
 * Each error is sent with a gRPC status code and, in metadata ERROR_KEY
 * (`x-roster-error`), a stable error key naming its class:
 *
 *   key                 class                    code
 *   not_leader          NotLeaderError           FAILED_PRECONDITION
 *   conflict            ConflictError            FAILED_PRECONDITION
 *   unavailable         UnavailableError         UNAVAILABLE
 *   outcome_unknown     OutcomeUnknownError      UNAVAILABLE
 *   partitioned         PartitionError           UNAVAILABLE
 *   invalid_argument    InvalidArgumentError     INVALID_ARGUMENT
 *   not_found           NotFoundError            NOT_FOUND
 *   already_exists      AlreadyExistsError       ALREADY_EXISTS
 *   resource_exhausted  ResourceExhaustedError   RESOURCE_EXHAUSTED
 *   out_of_range        OutOfRangeError          OUT_OF_RANGE
 *   permission_denied   PermissionDeniedError    PERMISSION_DENIED
 *   reply_too_large     ReplyTooLargeError       RESOURCE_EXHAUSTED
 *   internal            (anything else)          INTERNAL
 *
 * Clients decide on the key: the code is shared by classes that call for different
 * handling (a redirect and a refusal are both FAILED_PRECONDITION), and the other
 * metadata (leader hints, retry-after) is detail, not the error's identity. The key
 * refines the code and does not replace it: a client that reads only codes gets gRPC's
 * meanings. A client treats a key it does not know by its code, and a
 * FAILED_PRECONDITION without key not_leader as a refusal.
 */
export abstract class RosterError extends Error {
  abstract readonly code: Code;
  /** The error's stable key, sent in metadata ERROR_KEY; one per class. */
  abstract readonly key: ErrorKey;
  /** Extra metadata sent with the status (leader hints, retry-after). */
  metadata(): Record<string, string> {
    return {};
  }
}

/** The error keys, a closed set: one per RosterError class, and `internal` for anything else. */
export const ERROR_KEYS = [
  'not_leader',
  'conflict',
  'unavailable',
  'outcome_unknown',
  'partitioned',
  'invalid_argument',
  'not_found',
  'already_exists',
  'resource_exhausted',
  'out_of_range',
  'permission_denied',
  'reply_too_large',
  'internal',
] as const;

/** The stable name of an error's class on the wire; see ERROR_KEYS. */
export type ErrorKey = (typeof ERROR_KEYS)[number];

/** Metadata key of every error status a node sends: its ErrorKey. */
export const ERROR_KEY = 'x-roster-error';

/** Metadata keys shared by the server and rosterctl. */
export const LEADER_ID_KEY = 'x-roster-leader-id';
export const LEADER_ADDRESS_KEY = 'x-roster-leader';
export const RETRY_AFTER_MS_KEY = 'x-roster-retry-after-ms';
/** With OUT_OF_RANGE from a watch: the smallest index this node can resume from now. */
export const FIRST_INDEX_KEY = 'x-roster-first-index';
/** Sent ('unknown') with OutcomeUnknownError, for clients that read it rather than the error key outcome_unknown. */
export const OUTCOME_KEY = 'x-roster-outcome';
/** With PartitionError: this node's partition state, and the facilities it reaches and does not (comma-separated). */
export const PARTITION_STATE_KEY = 'x-roster-partition-state';
export const REACHABLE_KEY = 'x-roster-reachable';
export const UNREACHABLE_KEY = 'x-roster-unreachable';

/** This node is not the leader; retry at `leaderAddress` (empty when none is known). */
export class NotLeaderError extends RosterError {
  override readonly name = 'NotLeaderError';
  readonly code = Code.FAILED_PRECONDITION;
  readonly key = 'not_leader';
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
  readonly key = 'unavailable';
}

/**
 * Refused at once, changing nothing: this node is in a minority partition and the
 * operation needs a quorum (CP). The message names the partition state and the
 * facilities reachable and not, and so does the metadata.
 */
export class PartitionError extends RosterError {
  override readonly name = 'PartitionError';
  readonly code = Code.UNAVAILABLE;
  readonly key = 'partitioned';
  constructor(
    /** What was refused, as "Cannot <action>" completes it: "create assignment". */
    readonly action: string,
    readonly state: string,
    readonly reachable: readonly string[],
    readonly unreachable: readonly string[],
  ) {
    super(
      `Cannot ${action}: network partition detected. This operation requires CP consistency. ` +
        `Partition state: ${state}. Reachable: ${reachable.join(', ') || 'none'}. Unreachable: ${unreachable.join(', ') || 'none'}.`,
    );
  }
  override metadata(): Record<string, string> {
    return { [PARTITION_STATE_KEY]: this.state, [REACHABLE_KEY]: this.reachable.join(','), [UNREACHABLE_KEY]: this.unreachable.join(',') };
  }
}

/** The request is malformed or outside documented limits; nothing reached the log. */
export class InvalidArgumentError extends RosterError {
  override readonly name = 'InvalidArgumentError';
  readonly code = Code.INVALID_ARGUMENT;
  readonly key = 'invalid_argument';
}

/** A referenced person, block, facility, pool or member does not exist. */
export class NotFoundError extends RosterError {
  override readonly name = 'NotFoundError';
  readonly code = Code.NOT_FOUND;
  readonly key = 'not_found';
}

/** The thing to create exists already (and differs). */
export class AlreadyExistsError extends RosterError {
  override readonly name = 'AlreadyExistsError';
  readonly code = Code.ALREADY_EXISTS;
  readonly key = 'already_exists';
}

/** The command contradicts the schedule (double booking, full pool, stale lock token). */
export class ConflictError extends RosterError {
  override readonly name = 'ConflictError';
  readonly code = Code.FAILED_PRECONDITION;
  readonly key = 'conflict';
}

/** Too much pending work: retry after `retryAfterMs`. */
export class ResourceExhaustedError extends RosterError {
  override readonly name = 'ResourceExhaustedError';
  readonly code = Code.RESOURCE_EXHAUSTED;
  readonly key = 'resource_exhausted';
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
  readonly key = 'out_of_range';
  constructor(message: string, readonly firstIndex: number) {
    super(message);
  }
  override metadata(): Record<string, string> {
    return { [FIRST_INDEX_KEY]: String(this.firstIndex) };
  }
}

/**
 * Refused, changing nothing: the signature of the command or commitment does not verify
 * under the facility's registered key, or the caller may not do this.
 */
export class PermissionDeniedError extends RosterError {
  override readonly name = 'PermissionDeniedError';
  readonly code = Code.PERMISSION_DENIED;
  readonly key = 'permission_denied';
}

/**
 * The answer would not fit in one reply a client can receive (MAX_REPLY_BYTES): ask for
 * less, e.g. a page of a list. Retrying the same request cannot help, so unlike
 * ResourceExhaustedError it carries no retry-after; it shares RESOURCE_EXHAUSTED with it
 * because that is gRPC's code for a message over the size limit.
 */
export class ReplyTooLargeError extends RosterError {
  override readonly name = 'ReplyTooLargeError';
  readonly code = Code.RESOURCE_EXHAUSTED;
  readonly key = 'reply_too_large';
}

/** The outcome is unknown: the command may or may not have been applied (e.g. leader lost mid-commit). */
export class OutcomeUnknownError extends RosterError {
  override readonly name = 'OutcomeUnknownError';
  readonly code = Code.UNAVAILABLE;
  readonly key = 'outcome_unknown';
  override metadata(): Record<string, string> {
    return { [OUTCOME_KEY]: 'unknown' };
  }
}

/**
 * Longest status details sent, in characters. Messages quote client input only through
 * echoInput (node/schedule/input-echo.ts), which keeps them far shorter; this bound keeps
 * any message that slipped through receivable (clients accept 8 KB of metadata by default).
 */
export const MAX_DETAILS_CHARACTERS = 2048;

/** A surrogate without its other half: not Unicode, and not sendable (encodeURI throws on it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `details` within MAX_DETAILS_CHARACTERS and well-formed (half a character, as a cut may
 * leave, becomes U+FFFD), so it can always be sent.
 */
function bounded(details: string): string {
  const cut = details.length <= MAX_DETAILS_CHARACTERS ? details : `${details.slice(0, MAX_DETAILS_CHARACTERS - 1)}…`;
  return cut.replace(LONE_SURROGATE, '\uFFFD');
}

/** Converts anything thrown by a handler into the status a client sees, its ErrorKey included. */
export function toServiceError(e: unknown): Partial<ServiceError> {
  const md = new Metadata();
  if (e instanceof RosterError) {
    for (const [k, v] of Object.entries(e.metadata())) md.set(k, v);
    md.set(ERROR_KEY, e.key);
    return { code: e.code, details: bounded(e.message), metadata: md };
  }
  md.set(ERROR_KEY, 'internal' satisfies ErrorKey);
  return { code: Code.INTERNAL, details: bounded(`internal error: ${(e as Error)?.message ?? String(e)}`), metadata: md };
}
