/**
 * Exchanges signed ledger heads with the other facilities, as Certificate Transparency
 * gossips signed tree heads: every `intervalMs` it asks each facility for its head,
 * checks the signature, and compares it with this node's ledger at that sequence. A
 * different hash at the same sequence is a split view (reported by facility in status and
 * /metrics, and logged); one facility signing two hashes for one sequence is evidence,
 * reported into the log. A head further along than this node's ledger is not judged yet.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.ts';
import type { Statements } from './evidence.ts';
import type { FacilityIdentity } from './identity.ts';
import type { LedgerBook } from './ledger-book.ts';
import type { LedgerPeers } from './ledger-peers.ts';
import { sameBytes } from './merkle.ts';
import { headProblem, normalizeHead, signHead, type SignedHead } from './signed-head.ts';

export interface SplitViewRecord {
  readonly facility: string;
  readonly theirHead: SignedHead;
  readonly ourHash: Buffer;
  readonly detail: string;
}

export interface HeadWatchOptions {
  readonly cluster: string;
  readonly facility: string;
  /** Absent: this node signs no heads (a cluster without keys). */
  readonly identity?: FacilityIdentity;
  readonly ledger: () => LedgerBook;
  readonly peers: LedgerPeers;
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Puts evidence into the log (through whichever node leads). */
  readonly report: (s: Statements) => void;
  readonly log: Logger;
}

/** Heads remembered per facility, to catch one signing two hashes for a sequence. */
const HEADS_KEPT = 64;

export class HeadWatch {
  private stopTimer: (() => void) | undefined;
  private own: SignedHead | undefined;
  private readonly split = new Map<string, SplitViewRecord>();
  /** facility -> seq -> the head it signed there. */
  private readonly seen = new Map<string, Map<number, SignedHead>>();
  private running = false;

  constructor(private readonly o: HeadWatchOptions) {}

  /** This node's head, signed (once per head). */
  ownHead(): SignedHead | undefined {
    if (!this.o.identity) return undefined;
    const head = this.o.ledger().head();
    if (!this.own || this.own.seq !== head.seq || !sameBytes(this.own.hash, head.hash)) this.own = signHead(this.o.identity, this.o.cluster, head.seq, head.hash);
    return this.own;
  }

  splitViews(): SplitViewRecord[] {
    return [...this.split.values()].sort((a, b) => (a.facility < b.facility ? -1 : 1));
  }

  start(): void {
    this.stopTimer = this.o.clock.every(this.o.intervalMs, () => void this.round());
  }

  stop(): void {
    this.stopTimer?.();
  }

  /** One exchange with every other facility that has a key. */
  async round(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const ledger = this.o.ledger();
      const others = ledger.facilities.filter((f) => f !== this.o.facility && ledger.keyring.get(f));
      await Promise.all(
        others.map(async (f) => {
          let head;
          try {
            head = (await this.o.peers.getHead(f, this.o.timeoutMs)).head;
          } catch {
            return; // unreachable: nothing to compare
          }
          if (head && head.facility === f) this.observe(normalizeHead(head));
        }),
      );
    } finally {
      this.running = false;
    }
  }

  /** Judges one facility's signed head against this node's ledger. */
  observe(h: SignedHead): void {
    const ledger = this.o.ledger();
    const problem = headProblem(this.o.cluster, h, ledger.keyring.keyOf(h.facility));
    if (problem) {
      this.o.log.warn({ facility: h.facility, problem }, 'a ledger head that does not verify');
      return;
    }
    let heads = this.seen.get(h.facility);
    if (!heads) {
      heads = new Map();
      this.seen.set(h.facility, heads);
    }
    const before = heads.get(h.seq);
    if (before && !sameBytes(before.hash, h.hash)) {
      this.o.log.error({ facility: h.facility, seq: h.seq }, 'a facility signed two different ledger heads at one sequence: reporting evidence');
      this.o.report({ kind: 'heads', first: before, second: h });
    }
    if (!before) {
      heads.set(h.seq, h);
      if (heads.size > HEADS_KEPT) heads.delete(heads.keys().next().value!);
    }
    const mine = ledger.head();
    if (h.seq > mine.seq) return;
    const ours = h.seq === mine.seq ? mine.hash : h.seq === 0 ? undefined : ledger.entry(h.seq)?.hash;
    if (ours === undefined || sameBytes(ours, h.hash)) {
      this.split.delete(h.facility);
    } else {
      const detail = `${h.facility}'s ledger has another entry ${h.seq} than this node's: a split view`;
      if (!this.split.has(h.facility)) this.o.log.error({ facility: h.facility, seq: h.seq, theirs: h.hash.toString('hex'), ours: ours.toString('hex') }, detail);
      this.split.set(h.facility, { facility: h.facility, theirHead: h, ourHash: ours, detail });
    }
  }
}
