/**
 * Schedule locks: exclusive leases on a block, or on one facility's part of a block,
 * with fencing tokens. The rules (applied by machine.ts, all on the log clock):
 *
 * - Scope: (block, '') is the whole block; (block, F) is facility F's part of it. A
 *   whole-block lock and any lock on a part of the same block conflict; two parts of
 *   one block (different facilities) do not.
 * - A lock is live while logClock < expiresAtMs. An expired lock is inert: it conflicts
 *   with nothing and its token fences nothing; it stays stored until it is replaced,
 *   released, or its scope is acquired again.
 * - acquire: granted when no live lock conflicts; token = the Raft index of the acquire
 *   command (strictly increasing, so a newer lock always has a larger token);
 *   expiresAtMs = logClock + ttlMs.
 * - renew: the current token of a live lock on exactly that scope; sets expiresAtMs to
 *   logClock + ttlMs. An expired lock cannot be renewed (acquire it again).
 * - release: the current token of the lock on exactly that scope (live or expired).
 * - fencing: an edit of assignments touches (block, facility) pairs. Every live lock
 *   covering a touched pair must have its token among the command's lockTokens (else the
 *   edit is refused: missing or stale token), and every presented token must be the token
 *   of a live lock covering a touched pair (else refused: the lease expired, was released
 *   or belongs elsewhere).
 */
import type { LockRecord } from './outcome.ts';

/** A lock's scope in messages: `block b1` or `block b1 at facility A`. */
export function describeScope(block: string, facility: string): string {
  return facility === '' ? `block ${block}` : `block ${block} at facility ${facility}`;
}

/** True when the lock is live at log time `clockMs`. */
export function isLive(lock: LockRecord, clockMs: number): boolean {
  return clockMs < lock.expiresAtMs;
}

/** True when a lock on (block, facility) and `lock` may not both be live. */
export function conflicts(lock: LockRecord, block: string, facility: string): boolean {
  return lock.block === block && (lock.facility === '' || facility === '' || lock.facility === facility);
}

/** True when `lock` covers edits of facility `facility`'s assignments in `block`. */
export function covers(lock: LockRecord, block: string, facility: string): boolean {
  return lock.block === block && (lock.facility === '' || lock.facility === facility);
}

/** The largest timestamp Date can format (ms since the epoch). */
const MAX_DATE_MS = 8_640_000_000_000_000;

/** An ISO time for messages; a pure function of the number (no clock is read). */
export function formatTime(ms: number): string {
  return ms >= 0 && ms <= MAX_DATE_MS ? new Date(ms).toISOString() : `${ms} ms since the epoch`;
}

/** A lock in messages: holder, scope, token and expiry. */
export function describeLock(lock: LockRecord): string {
  return `${describeScope(lock.block, lock.facility)} is locked by ${lock.holder} (token ${lock.token}, until ${formatTime(lock.expiresAtMs)})`;
}
