import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.ts';
import type { RosterError } from '../errors.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import type { PartitionView } from '../modes/partition-detector.ts';
import type { NodeId } from '../raft/types.ts';
import type { ProposalCallbacks } from '../replica/request-registry.ts';
import { encodeCommand, MAX_WRITES_PER_RECONCILE, type ApplyResult, type CoverageWrite, type ScheduleMachine } from '../schedule/index.ts';
import type { JournalStore } from '../storage/journal-store.ts';
import { encodePayload } from '../ledger/codec.ts';

/** What the healer needs of the replica. */
export interface HealingReplica {
  partition(): PartitionView;
  leaderId(): NodeId;
  /** Proposes here if leading, else forwards to the leader (Replica.forward). */
  forward(data: Uint8Array, cb: ProposalCallbacks<ApplyResult>): void;
  appliedState(): { state: { schedule: ScheduleMachine } };
}

export interface HealerOptions {
  readonly facility: NodeId;
  readonly store: JournalStore;
  readonly replica: HealingReplica;
  readonly clock: Clock;
  /** How often the healer looks at the journal and the partition state. */
  readonly intervalMs: number;
  /** A submission not seen in the log after this long is sent again. */
  readonly resubmitMs: number;
  readonly log: Logger;
  readonly metrics?: NodeMetrics;
  /** Whether this node's signed commands would be accepted now (its key is registered); absent: always. */
  readonly canSign?: () => boolean;
}

/**
 * Takes a node's emergency journal into the replicated log once the node reaches a
 * quorum again: the writes go as reconcile commands (at most MAX_WRITES_PER_RECONCILE
 * each) through whichever node leads; the state machine reconciles them (coverage.ts).
 * A journaled write leaves the journal only once it is in the log here, so nothing is
 * lost to a crash in between; a write submitted twice counts once (by its id).
 */
export class Healer {
  private stopTimer: (() => void) | undefined;
  /** Monotonic ms of the last submission; writes not in the log by resubmitMs after it go again. */
  private lastSubmitMs = -Infinity;
  private removing = false;
  /** Monotonic ms since when the journal waits with a quorum reachable: the heal-to-reconciled clock. */
  private healStartedMs: number | undefined;
  private sequence = 0;

  constructor(private readonly o: HealerOptions) {}

  start(): void {
    this.stopTimer = this.o.clock.every(this.o.intervalMs, () => this.tick());
  }

  stop(): void {
    this.stopTimer?.();
  }

  /** One look: drop what the log has, submit the rest if a quorum is reachable. */
  tick(): void {
    const journal = this.o.store.journal();
    this.o.metrics?.journalWrites.set(journal.length);
    this.o.metrics?.journalAgeSeconds.set(journal.length === 0 ? 0 : Math.max(0, this.o.clock.nowMs() - journal[0]!.stamp.wallMs) / 1000);
    if (journal.length === 0) {
      this.healStartedMs = undefined;
      return;
    }
    const schedule = this.o.replica.appliedState().state.schedule;
    const inLog = journal.filter((w) => schedule.coverageRecord(w.id) !== undefined).map((w) => w.id);
    if (inLog.length > 0) this.remove(inLog);
    const rest = journal.filter((w) => schedule.coverageRecord(w.id) === undefined);
    const now = this.o.clock.monotonicMs();
    if (rest.length === 0) return;
    if (this.o.replica.partition().state === 'minority' || this.o.replica.leaderId() === '' || this.o.canSign?.() === false) {
      this.healStartedMs = undefined;
      return;
    }
    this.healStartedMs ??= now;
    if (now - this.lastSubmitMs < this.o.resubmitMs) return;
    this.lastSubmitMs = now;
    this.submit(rest);
  }

  private submit(writes: readonly CoverageWrite[]): void {
    this.o.metrics?.reconciliationRuns.inc();
    this.o.log.info({ writes: writes.length, leader: this.o.replica.leaderId() }, 'submitting the emergency journal');
    for (let i = 0; i < writes.length; i += MAX_WRITES_PER_RECONCILE) {
      const chunk = writes.slice(i, i + MAX_WRITES_PER_RECONCILE);
      const command = encodeCommand({
        requestId: `heal:${this.o.facility}:${this.o.clock.nowMs().toString(36)}:${++this.sequence}`.slice(0, 64),
        issuer: this.o.facility,
        timestampMs: this.o.clock.nowMs(),
        op: { kind: 'reconcile', facility: this.o.facility, writes: chunk },
      });
      const bytes = encodePayload({ kind: 'scheduleCommand', command });
      this.o.replica.forward(bytes, {
        committed: (c) => this.reconciled(c.result),
        forwarded: () => {},
        // Resubmitted after resubmitMs; each write counts once however often it is sent.
        failed: (e: RosterError) => this.o.log.warn({ err: e.message }, 'a journal submission failed; it will be sent again'),
      });
    }
  }

  private reconciled(result: ApplyResult | undefined): void {
    if (!result?.ok) return;
    const changes = result.changes ?? [];
    this.o.metrics?.reconciledWrites.inc(changes.filter((c) => c.kind === 'coverage').length);
  }

  private remove(ids: readonly string[]): void {
    if (this.removing) return;
    this.removing = true;
    this.o.store.removeJournal(ids, (r) => {
      this.removing = false;
      if (!r.ok) {
        this.o.log.error({ err: r.error.message }, 'could not remove reconciled writes from the journal; will retry');
        return;
      }
      const left = this.o.store.journal().length;
      this.o.log.info({ removed: ids.length, left }, 'emergency writes reconciled into the log');
      if (left === 0 && this.healStartedMs !== undefined) {
        const seconds = (this.o.clock.monotonicMs() - this.healStartedMs) / 1000;
        this.o.metrics?.healSeconds.observe(seconds);
        this.o.log.info({ seconds }, 'journal reconciled after the partition healed');
        this.healStartedMs = undefined;
      }
    });
  }
}
