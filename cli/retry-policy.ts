import { status as Code } from '@grpc/grpc-js';
import { ERROR_KEY, LEADER_ADDRESS_KEY, LEADER_ID_KEY, RETRY_AFTER_MS_KEY, type ErrorKey } from '../node/errors.ts';
import type { BackoffOptions } from '../node/transport/backoff.ts';
import { parseEndpoint } from './endpoints.ts';

/**
 * What to do after one failed attempt: the retry rules of rosterctl in one pure function,
 * so that they can be read in one place and tested without a network. The loop that
 * applies them (deadline, endpoint rotation, sleeping) is in client.ts.
 */

/** One failed attempt, as the retry loop sees it. */
export interface CallFailure {
  readonly code: Code;
  readonly message: string;
  /** First value of each metadata key, keys lower-case. */
  readonly metadata: Readonly<Record<string, string>>;
  /**
   * False when the request provably never reached a server (the connection could not be
   * made); then a failed write certainly did not take effect.
   */
  readonly sent: boolean;
}

export type Decision =
  /** NotLeader with a hint: retry at once at the leader's address. */
  | { readonly kind: 'redirect'; readonly address: string; readonly leaderId: string }
  /** This endpoint cannot serve now: move on to the next one (backing off after a full round). */
  | {
      readonly kind: 'next-endpoint';
      /** A write was cut short after it may have been applied. */
      readonly outcomeUnknown: boolean;
      /** A server answered (it is reachable but cannot serve: no leader, no quorum). */
      readonly answered: boolean;
      /** The server refused because it is in a minority partition (error key partitioned). */
      readonly partitioned: boolean;
    }
  /** Overloaded: wait this long, then retry the same endpoint. */
  | { readonly kind: 'retry-after'; readonly ms: number }
  /** Final: the answer stands (refused, bad input, server bug); retrying cannot change it. */
  | { readonly kind: 'stop' };

/** Wait used when RESOURCE_EXHAUSTED comes without a usable retry-after hint. */
export const DEFAULT_RETRY_AFTER_MS = 200;

/**
 * Decides how to continue after `failure`. `write` tells whether the call changes state,
 * which only matters for reporting an unknown outcome: writes are retried with the same
 * request id either way, which is safe because the server deduplicates on it.
 */
export function decide(failure: CallFailure, write: boolean): Decision {
  switch (failure.code) {
    case Code.FAILED_PRECONDITION: {
      // A redirect and a schedule conflict share this code; the error key tells them
      // apart. Only not_leader is retried: anything else (conflict, no key) is the
      // schedule's answer, and retrying it elsewhere could not change it.
      if (!hasErrorKey(failure, 'not_leader')) return { kind: 'stop' };
      const address = failure.metadata[LEADER_ADDRESS_KEY] ?? '';
      if (parseEndpoint(address) !== null) {
        return { kind: 'redirect', address, leaderId: failure.metadata[LEADER_ID_KEY] ?? '' };
      }
      // No leader known (election in progress) or an unusable hint: like UNAVAILABLE.
      return { kind: 'next-endpoint', outcomeUnknown: false, answered: true, partitioned: false };
    }
    case Code.UNAVAILABLE:
      // A partition refusal changed nothing: another endpoint may be on the majority's side.
      return {
        kind: 'next-endpoint',
        outcomeUnknown: write && failure.sent && hasErrorKey(failure, 'outcome_unknown'),
        answered: failure.sent,
        partitioned: hasErrorKey(failure, 'partitioned'),
      };
    case Code.DEADLINE_EXCEEDED:
    case Code.CANCELLED:
      // The attempt was cut short after the request may have left: a write may have applied.
      return { kind: 'next-endpoint', outcomeUnknown: write && failure.sent, answered: false, partitioned: false };
    case Code.RESOURCE_EXHAUSTED: {
      // The answer is too large for one reply: asking again cannot make it smaller.
      if (hasErrorKey(failure, 'reply_too_large')) return { kind: 'stop' };
      const hint = Number(failure.metadata[RETRY_AFTER_MS_KEY]);
      return { kind: 'retry-after', ms: Number.isFinite(hint) && hint >= 0 ? hint : DEFAULT_RETRY_AFTER_MS };
    }
    default:
      return { kind: 'stop' };
  }
}

/** True when the server named the error `key` (metadata ERROR_KEY, node/errors.ts). */
function hasErrorKey(failure: CallFailure, key: ErrorKey): boolean {
  return failure.metadata[ERROR_KEY] === key;
}

/**
 * Backoff between rounds over all endpoints (round 1 = after the first full round
 * failed), computed by backoffDelayMs (node/transport/backoff.ts). Its values differ from
 * the peer links' on purpose: a person or script is waiting within one --timeout, so the
 * ceiling is lower (1 s) to look for a new leader again soon; and after a leader change
 * many clients retry at once, so half of each delay is random ("equal jitter") to spread
 * them out.
 */
export const ENDPOINT_BACKOFF: BackoffOptions = Object.freeze({ initialMs: 50, maxMs: 1000, multiplier: 2, jitter: 0.5 });
