import type { Clock } from '../clock/clock.ts';
import { ConflictError, InvalidArgumentError, NotFoundError, type RosterError } from '../errors.ts';
import type { NodeId } from '../raft/types.ts';
import { validateCoverageWrite, type CoverageStatus, type CoverageWrite, type ScheduleMachine } from '../schedule/index.ts';
import type { JournalStore } from '../storage/journal-store.ts';
import { ClockDriftError, HybridClock, type Hlc } from './hlc.ts';

/** How far ahead of this node's wall clock a timestamp seen elsewhere may be. */
export const MAX_CLOCK_DRIFT_MS = 60_000;

/** What accept() did with an emergency write. */
export type JournalOutcome =
  /** Journaled here (durably), provisional until the partition heals; `status` is how it stands on the local view. */
  | { readonly kind: 'journaled'; readonly write: CoverageWrite; readonly status: CoverageStatus }
  /** A retry: the write with this id is already journaled here, or already in the log. */
  | { readonly kind: 'known'; readonly write: CoverageWrite; readonly where: 'journal' | 'log' }
  /** Nothing to do: a final approval already holds exactly this assignment. */
  | { readonly kind: 'alreadyFinal'; readonly write: CoverageWrite };

export interface EmergencyJournalOptions {
  readonly facility: NodeId;
  readonly store: JournalStore;
  readonly clock: Clock;
  /** The schedule as applied on this node: the local view writes are checked against. */
  readonly schedule: () => ScheduleMachine;
}

/**
 * A node's emergency journal: emergency-coverage writes it accepts while it cannot
 * reach a quorum (or the commit did not come in time). Each is checked against the
 * local view as a write through Raft would be (unknown person, double booking, a pool
 * over its capacity), stamped by the node's hybrid logical clock, and made durable
 * before it is acknowledged. The Healer takes the journal into the log once a quorum
 * is back.
 *
 * The clock is restored at start from the latest stamp this facility issued (in the
 * journal or already in the log), so stamps keep increasing across restarts.
 */
export class EmergencyJournal {
  readonly hlc: HybridClock;
  /** Writes being made durable: checked against like journaled ones, so two at once cannot both take the last seat. */
  private readonly pending = new Map<string, CoverageWrite>();

  constructor(private readonly o: EmergencyJournalOptions) {
    let latest: Hlc = { wallMs: 0, logical: 0 };
    const consider = (s: Hlc): void => {
      if (s.wallMs > latest.wallMs || (s.wallMs === latest.wallMs && s.logical > latest.logical)) latest = s;
    };
    for (const w of o.store.journal()) consider(w.stamp);
    for (const r of o.schedule().coverage()) if (r.write.facility === o.facility) consider(r.write.stamp);
    this.hlc = new HybridClock(latest, MAX_CLOCK_DRIFT_MS);
  }

  /** The journal: writes acknowledged here and not yet in the log, in stamp order. */
  entries(): readonly CoverageWrite[] {
    return this.o.store.journal();
  }

  /** How each journaled write stands on the local view (what local reads show as provisional). */
  provisional(): { write: CoverageWrite; status: CoverageStatus }[] {
    const journal = this.entries();
    const schedule = this.o.schedule();
    return journal.map((write) => ({ write, status: schedule.previewCoverage(write, journal.filter((w) => w.id !== write.id)) }));
  }

  /**
   * A stamp for a write this node accepts now (also used for writes that go through
   * Raft): later than every stamp issued here and every stamp in the log here, so a write
   * made after seeing another is ordered after it. A stamp from the log too far in the
   * future (a facility with a wrong clock) is not followed: the bound keeps this node's
   * stamps near its own wall time.
   */
  stamp(): Hlc {
    const wall = this.o.clock.nowMs();
    try {
      this.hlc.observe(this.o.schedule().latestCoverageStamp(), wall);
    } catch (e) {
      if (!(e instanceof ClockDriftError)) throw e;
    }
    return this.hlc.now(wall);
  }

  /**
   * Journals `write` (stamped by stamp(); its id the client's request id), or says why
   * not: the same refusals as through Raft (NotFoundError, ConflictError),
   * InvalidArgumentError for a malformed one. A write whose id is already journaled or
   * in the log is a retry: nothing is written again. `done` runs once the write is
   * durable (or refused).
   */
  accept(write: CoverageWrite, done: (r: { ok: true; outcome: JournalOutcome } | { ok: false; error: RosterError | Error }) => void): void {
    const journaled = this.entries().find((w) => w.id === write.id) ?? this.pending.get(write.id);
    if (journaled) {
      done({ ok: true, outcome: { kind: 'known', write: journaled, where: 'journal' } });
      return;
    }
    const schedule = this.o.schedule();
    const inLog = schedule.coverageRecord(write.id);
    if (inLog) {
      done({ ok: true, outcome: { kind: 'known', write: inLog.write, where: 'log' } });
      return;
    }
    const invalid = validateCoverageWrite(write);
    if (invalid !== undefined) {
      done({ ok: false, error: new InvalidArgumentError(invalid) });
      return;
    }
    const status = schedule.previewCoverage(write, [...this.entries(), ...this.pending.values()]);
    if (status.kind === 'confirmed') {
      done({ ok: true, outcome: { kind: 'alreadyFinal', write } });
      return;
    }
    if (status.kind === 'conflict') {
      const missing = / not found$|^nothing to withdraw/.test(status.reason);
      done({ ok: false, error: missing ? new NotFoundError(status.reason) : new ConflictError(status.reason) });
      return;
    }
    this.pending.set(write.id, write);
    this.o.store.appendJournal(write, (r) => {
      this.pending.delete(write.id);
      done(r.ok ? { ok: true, outcome: { kind: 'journaled', write, status } } : { ok: false, error: r.error });
    });
  }
}
