/**
 * Idempotency: the state machine remembers each request id with the first outcome of
 * the command that carried it, so that a retry (same id, same command) is answered with
 * that outcome and applied at most once — across leader changes, because the memory is
 * replicated state, and across restarts, because it is part of the snapshot and of the
 * state rebuilt by replaying the log after it.
 *
 * Retention (deterministic: it depends only on the log): a request id is remembered
 * while BOTH hold
 *   - at most REQUEST_RETENTION_MS of log clock have passed since it was first applied,
 *   - it is among the MAX_REMEMBERED_REQUESTS most recently first-applied request ids.
 * Records are dropped oldest first, by the apply that breaks either bound. A retry that
 * arrives after its record was dropped is applied as a new command. Commands refused by
 * validation (validateCommand) are not remembered: they would be refused again anyway.
 */
import { hash } from 'node:crypto';
import { encodeCommand } from './codec.ts';
import type { Command } from './command.ts';
import type { ApplyResult } from './outcome.ts';

/** How long a request id is remembered, in ms of log clock (24 hours). */
export const REQUEST_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The most request ids remembered at once. */
export const MAX_REMEMBERED_REQUESTS = 50_000;

/** The first outcome of a request id. */
export interface RequestRecord {
  readonly requestId: string;
  /** Log index of the command that first carried this id. */
  readonly index: number;
  /** The log clock when it was applied (ms since the epoch). */
  readonly timeMs: number;
  /** requestFingerprint of that command: a retry must carry the same command. */
  readonly fingerprint: string;
  /** The first outcome, in canonical form (canonicalResult). */
  readonly result: ApplyResult;
}

/** Bounds of the request memory; both must be positive. */
export interface RetentionOptions {
  readonly retentionMs: number;
  readonly maxRecords: number;
}

export const DEFAULT_RETENTION: RetentionOptions = Object.freeze({
  retentionMs: REQUEST_RETENTION_MS,
  maxRecords: MAX_REMEMBERED_REQUESTS,
});

/**
 * What identifies a command apart from its header: SHA-256 (first 32 hex digits) of its
 * protobuf encoding with requestId, issuer and timestampMs cleared, so a retry through
 * another leader (other issuer, other time) has the same fingerprint. An emergency
 * write's stamp is cleared too: a client's retry is stamped anew by the node that takes
 * it, and must meet the first attempt's outcome rather than a "different command".
 */
export function requestFingerprint(cmd: Command): string {
  const op = cmd.op.kind === 'coverage' ? { ...cmd.op, write: { ...cmd.op.write, stamp: { wallMs: 0, logical: 0 } } } : cmd.op;
  const bytes = encodeCommand({ requestId: '', issuer: '', timestampMs: 0, op, ...(cmd.lockTokens ? { lockTokens: cmd.lockTokens } : {}) });
  return hash('sha256', bytes, 'hex').slice(0, 32);
}

/** The remembered request ids, oldest first (log order). */
export class RequestMemory {
  #byId = new Map<string, RequestRecord>();
  /**
   * Records in log order, oldest at #head. Kept apart from the Map on purpose: evicting
   * by iterating a Map from its start after many deletions walks every deleted slot
   * until V8 rehashes it, which would make each apply O(records) at the retention bound.
   * An entry here whose record is no longer the Map's (evicted, then re-added) is skipped.
   */
  #order: RequestRecord[] = [];
  #head = 0;

  constructor(readonly options: RetentionOptions = DEFAULT_RETENTION) {
    if (!(options.retentionMs > 0) || !(options.maxRecords > 0)) throw new RangeError('RequestMemory: bounds must be positive');
  }

  get(requestId: string): RequestRecord | undefined {
    return this.#byId.get(requestId);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Adds the record of a command just applied (its index is the largest so far). */
  add(record: RequestRecord): void {
    this.#byId.set(record.requestId, record);
    this.#order.push(record);
  }

  /** Drops the records the retention rule no longer keeps at log time `clockMs`; returns them. */
  evict(clockMs: number): RequestRecord[] {
    const dropped: RequestRecord[] = [];
    while (this.#head < this.#order.length) {
      const record = this.#order[this.#head]!;
      if (this.#byId.get(record.requestId) !== record) {
        this.#head++;
        continue;
      }
      if (this.#byId.size <= this.options.maxRecords && clockMs - record.timeMs <= this.options.retentionMs) break;
      this.#byId.delete(record.requestId);
      dropped.push(record);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
    }
    return dropped;
  }

  /** Every record, oldest first. */
  values(): RequestRecord[] {
    return this.#order.slice(this.#head).filter((r) => this.#byId.get(r.requestId) === r);
  }

  /** Replaces the contents with `records` (any order; they are put in log order). */
  load(records: readonly RequestRecord[]): void {
    this.#order = [...records].sort((a, b) => a.index - b.index);
    this.#head = 0;
    this.#byId = new Map(this.#order.map((r) => [r.requestId, r]));
  }
}
