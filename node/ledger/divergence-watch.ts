/**
 * Compares each new commitment with this node's own state: when the block is still at
 * the committed version here and this node's digest of it differs, this node's state is
 * not what the quorum signed (an edited data directory, a bug): it is reported (status,
 * /metrics, an error log line) as a divergence, naming the block. The ledger itself is
 * the same on every node; only this node's view of the schedule is suspect.
 */
import type { Logger } from 'pino';
import type { ScheduleMachine } from '../schedule/index.ts';
import type { LedgerBook } from './ledger-book.ts';
import { sameBytes } from './merkle.ts';

export interface DivergenceRecord {
  readonly block: string;
  readonly version: number;
  readonly seq: number;
  readonly committedDigest: Buffer;
  readonly localDigest: Buffer;
}

export class DivergenceWatch {
  /** The ledger sequence checked up to. */
  private checkedSeq = 0;
  private readonly found = new Map<string, DivergenceRecord>();

  constructor(
    private readonly state: () => { readonly ledger: LedgerBook; readonly schedule: ScheduleMachine },
    private readonly log: Logger,
  ) {}

  /** Checks the commitments appended since the last call (all of them at the first call). */
  check(): void {
    const { ledger, schedule } = this.state();
    const head = ledger.head().seq;
    if (head < this.checkedSeq) this.checkedSeq = 0; // a snapshot from the leader replaced the state
    if (head === this.checkedSeq) return;
    for (let seq = this.checkedSeq + 1; seq <= head; seq++) {
      const e = ledger.entry(seq)!;
      if (schedule.blockVersion(e.block) !== e.version) continue;
      const local = Buffer.from(schedule.digest(e.block), 'hex');
      if (sameBytes(local, e.digest)) {
        this.found.delete(e.block);
        continue;
      }
      const record = { block: e.block, version: e.version, seq, committedDigest: e.digest, localDigest: local };
      this.found.set(e.block, record);
      this.log.error(
        { block: e.block, version: e.version, seq, committed: e.digest.toString('hex'), local: local.toString('hex') },
        'this node\'s schedule of a committed block differs from what the facilities signed: its state may be corrupt',
      );
    }
    this.checkedSeq = head;
  }

  divergences(): DivergenceRecord[] {
    return [...this.found.values()].sort((a, b) => a.seq - b.seq);
  }
}
