/**
 * One simulated server: a RaftCore driven exactly as API.md prescribes, its disk (a
 * MemoryStorage that survives crashes) and a tiny state machine. The node never talks
 * to the network or the checker directly; it reports to its host (the cluster).
 */
import { RaftCore } from '../../../node/raft/core.ts';
import type { RaftConfig } from '../../../node/raft/config.ts';
import type { RandomSource } from '../../../node/raft/rand.ts';
import { MemoryStorage } from '../../../node/raft/storage.ts';
import type { ConfState, Entry, Message, NodeId, Ready, Role, Snapshot } from '../../../node/raft/types.ts';

/** Raft tunables the harness passes through to every core. */
export type RaftTunables = Omit<RaftConfig, 'id' | 'storage' | 'random' | 'applied'>;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function encodeCommand(cmd: string): Uint8Array {
  return encoder.encode(cmd);
}

/** Empty normal entries are leader no-ops (Raft §8), not commands. */
export function commandOf(e: Entry): string | undefined {
  if (e.type !== 'normal' || e.data.length === 0) return undefined;
  return decoder.decode(e.data);
}

/** The replicated state machine: the list of applied commands. Its snapshot is that list as JSON. */
export class ListStateMachine {
  commands: string[] = [];
  applied = 0;

  static restore(index: number, data: Uint8Array): ListStateMachine {
    const sm = new ListStateMachine();
    sm.applied = index;
    if (data.length > 0) {
      const parsed: unknown = JSON.parse(decoder.decode(data));
      if (!Array.isArray(parsed) || !parsed.every((c) => typeof c === 'string')) throw new Error('snapshot data is not a command list');
      sm.commands = parsed as string[];
    }
    return sm;
  }

  snapshotData(): Uint8Array {
    return encoder.encode(JSON.stringify(this.commands));
  }
}

/** What a node reports to the harness; every call happens at the point the driver loop names. */
export interface NodeHost {
  now(): number;
  send(from: SimNode, m: Message): void;
  beforePersist(node: SimNode, rd: Ready): void;
  afterPersist(node: SimNode): void;
  /** A message promising durability is about to leave (checked against the disk). */
  checkPromise(node: SimNode, m: Message): void;
  onReady(node: SimNode, rd: Ready): void;
  onRestore(node: SimNode, snap: Snapshot, appliedBefore: number, fromLeader: boolean): void;
  onApply(node: SimNode, e: Entry, cmd: string | undefined, appliedBefore: number): void;
  afterAdvance(node: SimNode): void;
  /** The core has just consumed `m` (the host may inspect it, e.g. for a new leader). */
  afterStep(node: SimNode, m: Message): void;
}

/** A queued clock tick (the inbox holds messages, ticks and client requests in arrival order). */
const TICK = 'tick';

/** A client request, run against the core as soon as the driver can take input. */
export type ClientOp = (core: RaftCore) => void;

export interface SimNodeOptions {
  readonly raft: RaftTunables;
  /** Steps a disk write takes; 0 = the write completes within the step that started it. */
  readonly diskLatencySteps: () => number;
  /** Take a snapshot every this many applied entries (0 = never). */
  readonly snapshotEvery: number;
  /** Entries kept in the log behind a snapshot (so slightly lagging followers avoid InstallSnapshot). */
  readonly snapshotKeep: number;
  /**
   * Drive the core like the daemon's write pipeline does (core.acceptReady / persisted):
   * take the next Ready while earlier writes are in flight, apply committed entries
   * before the local write, complete writes in order. Default false (advance()).
   */
  readonly asyncStorage?: boolean;
}

export class SimNode {
  /** The live core; undefined while the node is down. */
  core: RaftCore | undefined;
  sm = new ListStateMachine();
  /** Increments at every restart: a client's pending request dies with the incarnation it was sent to. */
  incarnation = 0;
  /** Role and leader as last reported through Ready.softState (lags a live status() by < 1 step). */
  role: Role = 'follower';
  leaderHint: NodeId = '';
  /** A Ready whose write is in flight: its persistedMessages and applies wait for `due`. */
  private writing: { rd: Ready; due: number } | undefined;
  /** asyncStorage: accepted Readys whose writes are in flight, completing in order. */
  private writes: { rd: Ready; due: number }[] = [];
  /**
   * Inputs that arrived while a Ready was outstanding. The core accepts no input between
   * ready() and advance() (core.ts contract: "the driver queues inputs"), so a slow disk
   * delays them, as a real driver's event loop would.
   */
  private inbox: (Message | typeof TICK | ClientOp)[] = [];
  snapshotsTaken = 0;

  constructor(
    readonly id: NodeId,
    readonly storage: MemoryStorage,
    private readonly host: NodeHost,
    private readonly opts: SimNodeOptions,
  ) {}

  get alive(): boolean {
    return this.core !== undefined;
  }

  /** Boots (or reboots) the core from whatever the disk holds. */
  start(random: RandomSource): void {
    if (this.core) throw new Error(`${this.id} is already running`);
    const snap = this.storage.snapshot();
    const before = this.sm.applied;
    this.sm = ListStateMachine.restore(snap.meta.index, snap.data);
    this.host.onRestore(this, snap, before, false);
    this.role = 'follower';
    this.leaderHint = '';
    this.incarnation++;
    // `applied` is omitted on purpose: the state machine is rebuilt from the snapshot, so
    // the core must re-emit every committed entry after it (API.md, crash model).
    this.core = new RaftCore({ ...this.opts.raft, id: this.id, storage: this.storage, random });
  }

  /** Loses the core, the in-flight write and the state machine; the disk stays. */
  crash(): void {
    this.core = undefined;
    this.writing = undefined;
    this.writes = [];
    this.inbox = [];
    this.role = 'follower';
    this.leaderHint = '';
  }

  /** A message from the network: stepped now, or queued behind the outstanding Ready. */
  receive(m: Message): void {
    if (!this.core) return;
    if (this.writing) this.inbox.push(m);
    else this.stepCore(this.core, m);
  }

  tick(): void {
    if (!this.core) return;
    if (this.writing) this.inbox.push(TICK);
    else this.core.tick();
  }

  /** Runs `op` now, or after the outstanding Ready; false if the node is down. */
  submit(op: ClientOp): boolean {
    if (!this.core) return false;
    if (this.writing) this.inbox.push(op);
    else op(this.core);
    return true;
  }

  private stepCore(core: RaftCore, m: Message): void {
    core.step(m);
    this.host.afterStep(this, m);
  }

  /** Runs the driver loop until the core has nothing more to do or a write is in flight. */
  drive(): void {
    const core = this.core;
    if (!core) return;
    if (this.opts.asyncStorage) {
      this.driveAsync(core);
      return;
    }
    if (this.writing) {
      if (this.writing.due > this.host.now()) return;
      const rd = this.writing.rd;
      this.writing = undefined;
      this.finish(core, rd, false);
      const queued = this.inbox;
      this.inbox = [];
      for (const x of queued) {
        if (x === TICK) core.tick();
        else if (typeof x === 'function') x(core);
        else this.stepCore(core, x);
      }
    }
    for (let rounds = 0; core.hasReady(); rounds++) {
      if (rounds > 1000) throw new Error(`${this.id}: the core keeps producing Readys without input`);
      const rd = core.ready();
      this.host.onReady(this, rd);
      // A Ready with nothing to persist needs no disk write, so no disk latency either.
      const durable = rd.entries.length > 0 || rd.hardState !== undefined || rd.snapshot !== undefined;
      const latency = durable ? this.opts.diskLatencySteps() : 0;
      if (latency <= 0) {
        // `messages` may leave before the write, so whatever they promise must already be
        // on the disk as it was before this Ready: check them first, send them after.
        for (const m of rd.messages) this.checkPromise(m);
        this.persist(rd);
        for (const m of rd.messages) this.host.send(this, m);
        this.finish(core, rd, true);
      } else {
        // Leader replication leaves while the write is in flight (Raft thesis §10.2.1).
        this.sendAll(rd.messages);
        this.writing = { rd, due: this.host.now() + latency };
        return;
      }
    }
  }

  /** The daemon's pipeline (node/replica): accept Readys at once, writes complete later, in order. */
  private driveAsync(core: RaftCore): void {
    this.completeWrites(core, false);
    for (let rounds = 0; core.hasReady(); rounds++) {
      if (rounds > 1000) throw new Error(`${this.id}: the core keeps producing Readys without input`);
      const rd = core.ready();
      this.host.onReady(this, rd);
      if (rd.snapshot) {
        // As the daemon does: drain the pipeline, then install the image synchronously;
        // the drained writes are reported to the core once the snapshot Ready is done.
        const drained = this.completeWrites(core, true, true);
        this.finish(core, rd, false);
        for (const w of drained) core.persisted(w);
        continue;
      }
      this.sendAll(rd.messages);
      this.applyCommitted(rd);
      core.acceptReady(rd);
      const durable = rd.entries.length > 0 || rd.hardState !== undefined;
      const latency = durable ? this.opts.diskLatencySteps() : 0;
      const last = this.writes[this.writes.length - 1];
      this.writes.push({ rd, due: Math.max(last?.due ?? 0, this.host.now() + latency) });
      this.completeWrites(core, false);
    }
    if (this.writes.length === 0) this.maybeSnapshot(core);
  }

  /**
   * Finishes the in-flight writes that are due (or all of them), oldest first. With
   * `deferPersisted` (a Ready is outstanding) the caller reports them to the core later.
   */
  private completeWrites(core: RaftCore, all: boolean, deferPersisted = false): Ready[] {
    const done: Ready[] = [];
    while (this.writes.length > 0 && (all || this.writes[0]!.due <= this.host.now())) {
      const { rd } = this.writes.shift()!;
      this.persist(rd);
      this.sendAll(rd.persistedMessages);
      if (deferPersisted) done.push(rd);
      else core.persisted(rd);
      this.host.afterAdvance(this);
    }
    return done;
  }

  private persist(rd: Ready): void {
    this.host.beforePersist(this, rd);
    if (rd.snapshot) this.storage.applySnapshot(rd.snapshot);
    this.storage.append(rd.entries);
    if (rd.hardState) this.storage.setHardState(rd.hardState);
    this.host.afterPersist(this);
  }

  /** Steps 1 (if not done yet) and 3..5 of the driver loop: the write is now durable. */
  private finish(core: RaftCore, rd: Ready, persisted: boolean): void {
    if (!persisted) this.persist(rd);
    this.sendAll(rd.persistedMessages);
    this.applyCommitted(rd);
    core.advance(rd);
    this.maybeSnapshot(core);
    this.host.afterAdvance(this);
  }

  /** Applies rd's snapshot (if any) and committed entries to the state machine. */
  private applyCommitted(rd: Ready): void {
    if (rd.snapshot) {
      const before = this.sm.applied;
      this.sm = ListStateMachine.restore(rd.snapshot.meta.index, rd.snapshot.data);
      this.host.onRestore(this, rd.snapshot, before, true);
    }
    for (const e of rd.committedEntries) {
      const cmd = commandOf(e);
      const before = this.sm.applied;
      this.host.onApply(this, e, cmd, before);
      if (cmd !== undefined) this.sm.commands.push(cmd);
      this.sm.applied = e.index;
    }
  }

  private sendAll(ms: readonly Message[]): void {
    for (const m of ms) {
      this.checkPromise(m);
      this.host.send(this, m);
    }
  }

  private checkPromise(m: Message): void {
    if (m.type === 'voteResp' || m.type === 'appResp') this.host.checkPromise(this, m);
  }

  /** Compacts the log behind a local snapshot, as a production node would (Raft §7). */
  private maybeSnapshot(core: RaftCore): void {
    const every = this.opts.snapshotEvery;
    if (every <= 0) return;
    const snapIndex = this.storage.snapshot().meta.index;
    if (this.sm.applied - snapIndex < every) return;
    this.snapshotNow(core.confState());
  }

  /** Takes a snapshot at the applied index and compacts; `conf` must be the membership as of that index. */
  snapshotNow(conf: ConfState): void {
    const applied = this.sm.applied;
    if (applied <= this.storage.snapshot().meta.index) return;
    this.storage.createSnapshot(applied, conf, this.sm.snapshotData());
    this.storage.compact(Math.max(0, applied - this.opts.snapshotKeep));
    this.snapshotsTaken++;
  }

  /** True while a Ready's write is in flight. */
  get busy(): boolean {
    return this.writing !== undefined || this.writes.length > 0;
  }
}
