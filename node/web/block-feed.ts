import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type * as v1 from '../wire/generated/rosterd/v1/index.ts';
import { boardView, shownBlock } from './board-view.ts';
import { ReadFailed, type NodeReads } from './node-reads.ts';
import type { BoardView } from './page/view.ts';

/** Changes kept for the page, newest first. */
export const RECENT_CHANGES = 25;
/** How far back (log entries) a new feed replays the watch to fill its recent changes. */
export const RECENT_REPLAY_ENTRIES = 500;
/** Backoff of a watch stream that failed: from the first to the largest wait. */
const WATCH_RETRY_MIN_MS = 200;
const WATCH_RETRY_MAX_MS = 5000;

/** What a BlockFeed reads, and for which block. */
export interface BlockFeedOptions {
  /** The block the pages asked for ('' : the newest block, whichever it is). */
  readonly asked: string;
  readonly reads: NodeReads;
  /** The cluster's facilities (configuration), whose pool tables make the board's rows. */
  readonly facilities: readonly string[];
  readonly log: Logger;
}

/**
 * The live board of one block, shared by every page that shows it. A Roster.Watch
 * stream of the block on the node says when something changed; the board is then read
 * again, whole, through the read API (NodeReads), and sent to every subscriber. Builds do
 * not overlap: changes that arrive during one make exactly one more, so a burst of writes
 * costs a few builds, not one each. Watch progress (every second) past the board's
 * applied index also rebuilds it, which catches what the block's watch does not carry
 * (a new person who could cover a gap, a newer block for a page that follows the newest).
 */
export class BlockFeed {
  private readonly subscribers = new Set<(board: BoardView) => void>();
  private latest: BoardView | undefined;
  private building = false;
  private dirty = false;
  private closed = false;
  /** The block the watch follows ('' : every block, while there is none to show). */
  private watching: string | undefined;
  private cancelWatch: (() => void) | undefined;
  /** The next log index the watch has not reported. */
  private next = 0;
  /** Newest first. */
  private changes: v1.WatchChange__Output[] = [];
  private retryMs = WATCH_RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: BlockFeedOptions) {}

  /** Calls `send` with the current board (at once if there is one) and every later one. Returns the unsubscribe. */
  subscribe(send: (board: BoardView) => void): () => void {
    this.subscribers.add(send);
    if (this.latest !== undefined) send(this.latest);
    if (this.subscribers.size === 1 && this.latest === undefined) this.refresh();
    return () => this.subscribers.delete(send);
  }

  /** No page shows this block any more. */
  get idle(): boolean {
    return this.subscribers.size === 0;
  }

  /** Stops the watch and any retry; no board is sent after this. */
  close(): void {
    this.closed = true;
    this.cancelWatch?.();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /** Reads the board again (once more after the build in progress, if there is one). */
  refresh(): void {
    if (this.closed) return;
    if (this.building) {
      this.dirty = true;
      return;
    }
    this.building = true;
    void this.build()
      .then((board) => {
        this.building = false;
        if (this.closed) return;
        this.latest = board;
        for (const send of this.subscribers) send(board);
        const target = board.block?.id ?? this.o.asked;
        if (target !== this.watching) this.follow(target);
        if (this.dirty) {
          this.dirty = false;
          this.refresh();
        }
      })
      .catch((e: unknown) => {
        this.building = false;
        this.o.log.error({ err: (e as Error)?.stack ?? String(e) }, 'building the board failed');
      });
  }

  private async build(): Promise<BoardView> {
    const reads = this.o.reads;
    const problems: string[] = [];
    const soft = <T>(p: Promise<T>, what: string): Promise<T | undefined> =>
      p.catch((e: unknown) => {
        problems.push(`${what}: ${(e as Error).message}`);
        return undefined;
      });
    // A page that names its block needs no block list first: every read goes out at once.
    const listing = soft(reads.blocks(), 'list blocks');
    const blocks = this.o.asked === '' ? await listing : undefined;
    const id = this.o.asked !== '' ? this.o.asked : blocks ? shownBlock('', blocks.blocks) : undefined;
    const [schedule, pools, people, contingency, ledger, listed] = await Promise.all([
      id === undefined
        ? undefined
        : reads.schedule(id).catch((e: unknown) => {
            // A block that does not exist is shown as such, not as a failure.
            if (!(e instanceof ReadFailed && e.code === grpc.status.NOT_FOUND)) problems.push(`read the schedule: ${(e as Error).message}`);
            return undefined;
          }),
      id === undefined ? [] : Promise.all(this.o.facilities.map((f) => reads.pools(f, id).catch((e: unknown) => e as Error))),
      soft(reads.people(), 'list people'),
      id === undefined ? undefined : reads.contingency(id).catch(() => undefined),
      id === undefined ? undefined : soft(reads.ledger(id), 'read the ledger'),
      listing,
    ]);
    const header = schedule?.header ?? listed?.header ?? null;
    // Without the block, its pools' NOT_FOUND says nothing new.
    const tables: readonly (v1.GetPoolsReply__Output | Error)[] = schedule ? pools : [];
    tables.forEach((t, i) => {
      if (t instanceof Error) problems.push(`read the pools of ${this.o.facilities[i]}: ${t.message}`);
    });
    return boardView({
      servedBy: header?.servedBy ?? '',
      appliedIndex: header?.appliedIndex ?? 0,
      msSinceLeaderContact: header?.msSinceLeaderContact ?? -1,
      asked: this.o.asked,
      blocks: listed?.blocks ?? [],
      schedule,
      pools: tables.filter((p): p is v1.GetPoolsReply__Output => !(p instanceof Error)),
      people: people?.people ?? [],
      contingency: schedule ? contingency : undefined,
      ledger: schedule ? ledger : undefined,
      changes: this.changes,
      problems,
    });
  }

  /** Watches `block` ('' : every block) from a little way back, to fill the recent changes. */
  private follow(block: string): void {
    this.cancelWatch?.();
    this.cancelWatch = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.watching = block;
    this.changes = [];
    const applied = this.latest?.appliedIndex ?? 0;
    this.next = Math.max(1, applied - RECENT_REPLAY_ENTRIES + 1);
    this.watch();
  }

  private watch(): void {
    if (this.closed || this.watching === undefined) return;
    this.cancelWatch = this.o.reads.watch(this.watching, this.next, {
      change: (c) => {
        this.retryMs = WATCH_RETRY_MIN_MS;
        if (c.index < this.next) return;
        this.next = c.index + 1;
        this.changes = [c, ...this.changes].slice(0, RECENT_CHANGES);
        this.refresh();
      },
      progress: (index) => {
        this.retryMs = WATCH_RETRY_MIN_MS;
        this.next = Math.max(this.next, index + 1);
        if (this.latest !== undefined && index > this.latest.appliedIndex) this.refresh();
      },
      ended: (e) => {
        if (this.closed) return;
        // Compacted or forgotten history: resume where the node says it can.
        if (e.code === grpc.status.OUT_OF_RANGE && e.firstIndex > 0) this.next = e.firstIndex;
        const wait = this.retryMs;
        this.retryMs = Math.min(WATCH_RETRY_MAX_MS, this.retryMs * 2);
        this.o.log.debug({ err: e.message, resumeAt: this.next, waitMs: wait }, 'board watch ended; resuming');
        this.retryTimer = setTimeout(() => {
          this.refresh();
          this.watch();
        }, wait);
      },
    });
  }
}
