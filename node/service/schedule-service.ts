import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RosterError,
  UnavailableError,
} from '../errors.ts';
import type { EmergencyJournal } from '../healing/emergency-journal.ts';
import { encodePayload } from '../ledger/codec.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import type { OperationClass, WritePolicy } from '../modes/write-policy.ts';
import type { NodeId } from '../raft/types.ts';
import { Cancellation, type CancelSignal } from '../replica/cancellation.ts';
import type { ScheduleReplica } from '../replica/index.ts';
import {
  encodeCommand,
  MAX_COMMAND_BYTES,
  validateCommand,
  type ApplyErrorCode,
  type ApplyResult,
  type Command,
  type CoverageOp,
  type CoverageRecord,
  type CoverageStatus,
  type CoverageWrite,
  type Op,
} from '../schedule/index.ts';

/** How a refused command is reported: the one table from apply codes to errors. */
const REFUSAL: Record<ApplyErrorCode, new (message: string) => RosterError> = {
  invalidArgument: InvalidArgumentError,
  notFound: NotFoundError,
  alreadyExists: AlreadyExistsError,
  conflict: ConflictError,
  permissionDenied: PermissionDeniedError,
};

/** What each command does, as a refusal names it: "Cannot create assignment: ...". */
export const ACTIONS: Readonly<Record<Op['kind'], string>> = {
  addPerson: 'add person',
  addBlock: 'add block',
  assign: 'create assignment',
  unassign: 'remove assignment',
  setPools: 'set pools',
  acquireLock: 'acquire lock',
  renewLock: 'renew lock',
  releaseLock: 'release lock',
  exchange: 'swap assignments',
  move: 'move assignment',
  coverage: 'record emergency coverage',
  reconcile: 'reconcile emergency coverage',
  resolveConflict: 'resolve conflict',
};

/** How an emergency write's attempt through Raft ended (see throughRaftWithin). */
type RaftAttempt = { readonly kind: 'done'; readonly outcome: CoverOutcome } | { readonly kind: 'inFlight' } | { readonly kind: 'notSent' };

/** What a client sends with a write besides the op. */
export interface WriteHeader {
  /** Unique per logical request; retries reuse it. Generated when absent. */
  readonly requestId?: string;
  readonly lockTokens?: readonly number[];
}

/** An accepted final approval: where it landed and what apply said (a refusal is thrown). */
export interface WriteOutcome {
  readonly index: number;
  readonly requestId: string;
  readonly result: Extract<ApplyResult, { ok: true }>;
}

/** Where an emergency write ended up when the client was answered. */
export type CoverOutcome =
  /** In the replicated log at `index`; `record` says where it stands. */
  | { readonly kind: 'committed'; readonly index: number; readonly record: CoverageRecord; readonly detail: string }
  /** Journaled on this node (provisional until the partition heals); `status` is how it stands on the local view. */
  | { readonly kind: 'journaled'; readonly write: CoverageWrite; readonly status: CoverageStatus; readonly on: NodeId; readonly detail: string }
  /** Nothing to do: a final approval already holds exactly this assignment. */
  | { readonly kind: 'unchanged'; readonly detail: string };

export interface ScheduleServiceOptions {
  readonly self: NodeId;
  readonly replica: ScheduleReplica;
  readonly policy: WritePolicy;
  readonly journal: EmergencyJournal;
  readonly clock: Clock;
  readonly metrics?: NodeMetrics;
  /**
   * Why this node's signatures would not be accepted now (its facility key is not
   * registered yet, or the cluster holds another key for it); undefined when they would.
   * Final approvals are refused meanwhile (UNAVAILABLE), emergency writes journaled.
   */
  readonly signingProblem?: () => string | undefined;
}

/**
 * What a client can ask of a node, whatever the wire: final approvals (CP), emergency
 * coverage (AP) and reads, each through the write policy (node/modes) before it goes
 * anywhere. The gRPC handlers (node/server) translate to and from it; the simulation
 * calls it directly, so both run the same routing.
 */
export class ScheduleService {
  constructor(private readonly o: ScheduleServiceOptions) {}

  /**
   * A final approval: builds and validates the command (InvalidArgumentError before
   * anything reaches the log), refuses it at once in a minority (PartitionError), else
   * proposes it and answers with the first outcome of its request id (a refusal by the
   * schedule's rules is thrown as its RosterError).
   */
  async write(op: Op, header: WriteHeader, signal?: CancelSignal): Promise<WriteOutcome> {
    const cmd = this.command(op, header.requestId, header.lockTokens);
    const bytes = this.encode(cmd);
    this.admit('final_approval', ACTIONS[op.kind]);
    this.requireSigning(ACTIONS[op.kind]);
    const committed = await this.o.replica.propose(bytes, signal);
    return { index: committed.index, requestId: cmd.requestId, result: this.accepted(committed.result, committed.index, cmd.requestId) };
  }

  /**
   * Emergency coverage (AP): a cover or its withdrawal, acknowledged by this node
   * whatever the partition. With a quorum it goes through Raft (a follower passes it to
   * the leader); if it is not in the log within the policy's bound, or there is no
   * quorum, it is checked against the local view and journaled here, durably, the same
   * write with the same id and stamp, so it counts once whichever way it arrives.
   */
  async cover(op: CoverageOp, header: { readonly requestId?: string; readonly reason?: string }, signal?: CancelSignal): Promise<CoverOutcome> {
    const id = header.requestId || randomUUID();
    const write: CoverageWrite = { id, facility: this.o.self, stamp: this.o.journal.stamp(), reason: header.reason ?? '', op };
    const cmd: Command = { requestId: id, issuer: this.o.self, timestampMs: this.o.clock.nowMs(), op: { kind: 'coverage', write } };
    const bytes = this.encode(cmd);
    // A retry of a write already journaled here, or already in the log, is answered from there.
    const known = this.known(id);
    if (known) return known;
    const admission = this.o.policy.admit('emergency_coverage', ACTIONS.coverage);
    if (admission.route === 'raft-then-journal' && this.o.signingProblem?.() === undefined) {
      const attempt = await this.throughRaftWithin(bytes, id, admission.boundMs, signal);
      if (attempt.kind === 'done') return attempt.outcome;
      if (attempt.kind === 'inFlight') {
        // The proposal may still commit: a refusal by the local view is no answer then.
        return this.journal(write).catch((e: unknown) => {
          if (e instanceof RosterError && !(e instanceof UnavailableError)) {
            throw new OutcomeUnknownError(`emergency write ${id} was sent through Raft and did not commit within ${admission.boundMs} ms; here it would be refused (${e.message}), but it may still commit: retry with the same request id`);
          }
          throw e;
        });
      }
    }
    return this.journal(write);
  }

  /**
   * Runs `read` on the applied state: linearizable (refused at once in a minority) unless
   * `stale`. `action` names the read in a refusal ("read the schedule").
   */
  async read<T>(read: (s: ReturnType<ScheduleReplica['appliedState']>['state']) => T, stale: boolean, action: string, signal?: CancelSignal): Promise<{ value: T; applied: number }> {
    if (!stale) this.admit('read', action);
    return this.o.replica.read(read, stale, signal);
  }

  /** Emergency writes journaled here and not yet in the log, with how each stands on the local view. */
  provisional(): { write: CoverageWrite; status: CoverageStatus }[] {
    return this.o.journal.provisional();
  }

  private requireSigning(action: string): void {
    const problem = this.o.signingProblem?.();
    if (problem) throw new UnavailableError(`Cannot ${action}: ${problem}`);
  }

  private admit(op: OperationClass, action: string): void {
    const admission = this.o.policy.admit(op, action);
    if (admission.route === 'refuse') {
      this.o.metrics?.partitionRefusals.inc({ class: op });
      throw admission.error;
    }
  }

  private command(op: Op, requestId: string | undefined, lockTokens: readonly number[] | undefined): Command {
    return {
      requestId: requestId || randomUUID(),
      issuer: this.o.self,
      // The proposing node's clock is the only time apply sees (the machine keeps the largest).
      timestampMs: this.o.clock.nowMs(),
      ...(lockTokens && lockTokens.length > 0 ? { lockTokens } : {}),
      op,
    };
  }

  /** The command as a log payload (node/ledger signs it on its way into the log); InvalidArgumentError when it is invalid or too large. */
  private encode(cmd: Command): Uint8Array {
    const invalid = validateCommand(cmd);
    if (invalid) throw new InvalidArgumentError(invalid);
    const command = encodeCommand(cmd);
    if (command.length > MAX_COMMAND_BYTES) throw new InvalidArgumentError(`the command is ${command.length} bytes encoded; the limit is ${MAX_COMMAND_BYTES}`);
    return encodePayload({ kind: 'scheduleCommand', command });
  }

  private accepted(r: ApplyResult | undefined, index: number, requestId: string): Extract<ApplyResult, { ok: true }> {
    if (r === undefined) throw new Error(`the command at index ${index} was applied without a result`);
    if (!r.ok) {
      const first = r.duplicate ? ` (the first outcome of request ${requestId}, at index ${r.appliedAt ?? index})` : '';
      throw new REFUSAL[r.code](`${r.message}${first}`);
    }
    return r;
  }

  /** The answer for a write id already journaled here or in the log, if any. */
  private known(id: string): CoverOutcome | undefined {
    const record = this.o.replica.appliedState().state.schedule.coverageRecord(id);
    if (record) return { kind: 'committed', index: record.index, record, detail: `emergency write ${id} is in the log (index ${record.index})` };
    const journal = this.o.journal.entries();
    const journaled = journal.find((w) => w.id === id);
    if (!journaled) return undefined;
    const status = this.o.replica.appliedState().state.schedule.previewCoverage(journaled, journal.filter((w) => w.id !== id));
    return { kind: 'journaled', write: journaled, status, on: this.o.self, detail: `provisional, journaled on ${this.o.self}` };
  }

  /**
   * Proposes (leader) or forwards (follower) the coverage command and waits up to
   * `boundMs` for its outcome in the log: answered from there ('done'); else 'inFlight'
   * when it was sent and may still commit, 'notSent' when it could not be sent (no
   * leader, backpressure): either way the caller journals it.
   */
  private throughRaftWithin(bytes: Uint8Array, id: string, boundMs: number, signal?: CancelSignal): Promise<RaftAttempt> {
    const replica = this.o.replica;
    const inFlight: RaftAttempt = { kind: 'inFlight' };
    return new Promise<RaftAttempt>((resolve, reject) => {
      const done = (outcome: CoverOutcome | undefined): void => resolve(outcome ? { kind: 'done', outcome } : inFlight);
      let settled = false;
      const cancel = new Cancellation();
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        stopTimer();
        unsubscribe();
        f();
      };
      // The outcome of a command is its request's first outcome, remembered by the
      // schedule: on a follower that is how the answer to a forwarded write arrives.
      const fromLog = (): boolean => {
        const seen = replica.appliedState().state.schedule.requestRecord(id);
        if (seen === undefined) return false;
        finish(() => {
          try {
            const r = this.accepted(seen.result, seen.index, id);
            const record = replica.appliedState().state.schedule.coverageRecord(id);
            done(record ? { kind: 'committed', index: seen.index, record, detail: r.detail } : undefined);
          } catch (e) {
            reject(e);
          }
        });
        return true;
      };
      const unsubscribe = replica.onApplied(() => {
        fromLog();
      });
      const stopTimer = this.o.clock.after(boundMs, () =>
        finish(() => {
          cancel.cancel();
          resolve(inFlight);
        }),
      );
      signal?.onCancel(() => finish(() => reject(new OutcomeUnknownError('the request was cancelled before the emergency write was known to commit or be journaled'))));
      replica.forward(bytes, {
        committed: (c) =>
          finish(() => {
            try {
              const r = this.accepted(c.result, c.index, id);
              const record = replica.appliedState().state.schedule.coverageRecord(id);
              done(record ? { kind: 'committed', index: c.index, record, detail: r.detail } : undefined);
            } catch (e) {
              reject(e);
            }
          }),
        forwarded: () => {
          fromLog();
        },
        // Not sent (no leader, backpressure, shutting down) or its fate unknown: journal it
        // (the same write: if the proposal commits after all, it still counts once).
        failed: (e) => finish(() => resolve(e instanceof OutcomeUnknownError ? inFlight : { kind: 'notSent' })),
      }, cancel);
    });
  }

  private journal(write: CoverageWrite): Promise<CoverOutcome> {
    return new Promise((resolve, reject) => {
      this.o.journal.accept(write, (r) => {
        if (!r.ok) {
          reject(r.error);
          return;
        }
        const o = r.outcome;
        switch (o.kind) {
          case 'journaled':
            this.o.metrics?.journaledWrites.inc();
            resolve({ kind: 'journaled', write: o.write, status: o.status, on: this.o.self, detail: `provisional, journaled on ${this.o.self}` });
            return;
          case 'known': {
            const known = this.known(write.id);
            if (known) resolve(known);
            else reject(new UnavailableError(`emergency write ${write.id} is known but could not be found; retry`));
            return;
          }
          case 'alreadyFinal':
            resolve({ kind: 'unchanged', detail: 'already assigned by final approval; nothing changed' });
            return;
        }
      });
    });
  }
}
