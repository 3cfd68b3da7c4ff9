/**
 * One simulated server: the production Replica (node/replica) over in-memory twins of
 * its outside world -- a MemoryDurableLog whose "disk" (a MemoryStorage) survives
 * crashes, a MemoryTransport onto the simulated network, and a scope of the cluster's
 * ManualClock -- with a tiny state machine (a list of commands). The node never talks
 * to the network or the checker directly; it reports to its host (the cluster).
 */
import pino from 'pino';
import type { ClockScope, ManualClock } from '../../../node/clock/index.ts';
import type { RandomSource } from '../../../node/raft/rand.ts';
import type { MemoryStorage } from '../../../node/raft/storage.ts';
import type { ConfState, Entry, Message, NodeId, Role, Snapshot, Status } from '../../../node/raft/types.ts';
import { Replica, type RaftTunables } from '../../../node/replica/replica.ts';
import type { ReplicatedMachine } from '../../../node/replica/replicated-machine.ts';
import { MemoryDurableLog } from '../../../node/storage/memory-durable-log.ts';
import type { PersistBatch } from '../../../node/storage/durable-log.ts';
import { MemoryTransport, type Wire } from '../../../node/transport/memory-transport.ts';

export type { RaftTunables };

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

/**
 * The replicated state machine: the list of applied commands; a command's result is the
 * command itself. Its snapshot is that list as JSON. It reports every apply to `onApply`
 * (the checker sees what each node applies, in order).
 */
export class ListStateMachine implements ReplicatedMachine<string> {
  commands: string[] = [];
  applied = 0;

  constructor(private readonly onApply: (e: Entry, cmd: string | undefined, appliedBefore: number) => void = () => {}) {}

  static restore(index: number, data: Uint8Array, onApply?: (e: Entry, cmd: string | undefined, appliedBefore: number) => void): ListStateMachine {
    const sm = new ListStateMachine(onApply);
    sm.applied = index;
    if (data.length > 0) {
      const parsed: unknown = JSON.parse(decoder.decode(data));
      if (!Array.isArray(parsed) || !parsed.every((c) => typeof c === 'string')) throw new Error('snapshot data is not a command list');
      sm.commands = parsed as string[];
    }
    return sm;
  }

  apply(e: Entry): string | undefined {
    const cmd = commandOf(e);
    this.onApply(e, cmd, this.applied);
    if (cmd !== undefined) this.commands.push(cmd);
    this.applied = e.index;
    return cmd;
  }

  memberAddress(): string | undefined {
    return undefined;
  }

  *snapshotSlices(): Generator<void, Uint8Array, void> {
    return encoder.encode(JSON.stringify(this.commands));
  }
}

/** What a node reports to the harness; every call happens at the point the driver reaches it. */
export interface NodeHost {
  /** The simulated network (messages leave the node here). */
  readonly wire: Wire;
  beforePersist(node: SimNode, batch: PersistBatch): void;
  afterPersist(node: SimNode): void;
  onLeadership(node: SimNode, wasLeader: boolean): void;
  /** `sm` is the state machine restored from `snap`. */
  onRestore(node: SimNode, snap: Snapshot, sm: ListStateMachine, appliedBefore: number, fromLeader: boolean): void;
  onApply(node: SimNode, e: Entry, cmd: string | undefined, appliedBefore: number): void;
  /** The replica hit a fatal error (a bug: the simulated disk never fails). */
  onFatal(node: SimNode, e: Error): void;
}

export interface SimNodeOptions {
  readonly raft: RaftTunables;
  /** Steps (= ms) a disk write takes; 0 = the write completes within the step that started it. */
  readonly diskLatencySteps: () => number;
  /** Take a snapshot every this many applied entries (0 = never). */
  readonly snapshotEvery: number;
  /** Entries kept in the log behind a snapshot (so slightly lagging followers avoid InstallSnapshot). */
  readonly snapshotKeep: number;
}

/** What tests read of a live node's core (through the replica's inspection methods). */
export interface CoreView {
  status(): Status;
  termAt(index: number): number | undefined;
  confState(): ConfState;
}

const SILENT = pino({ level: 'silent' });

export class SimNode {
  /** The live replica; undefined while the node is down. */
  replica: Replica<ListStateMachine> | undefined;
  /** Increments at every restart: a client's pending request dies with the incarnation it was sent to. */
  incarnation = 0;
  /** Role and leader as last reported through Ready.softState (lags a live status() by < 1 step). */
  role: Role = 'follower';
  leaderHint: NodeId = '';
  private scope: ClockScope | undefined;
  private log: MemoryDurableLog | undefined;
  /** The state machine of the last incarnation (kept while the node is down, as a real disk image would not be). */
  private lastSm = new ListStateMachine();

  constructor(
    readonly id: NodeId,
    /** The disk: survives crashes. */
    readonly storage: MemoryStorage,
    private readonly host: NodeHost,
    private readonly clock: ManualClock,
    private readonly opts: SimNodeOptions,
  ) {}

  get alive(): boolean {
    return this.replica !== undefined;
  }

  /** A read view of the live core (the replica's inspection methods), or undefined while down. */
  get core(): CoreView | undefined {
    return this.replica;
  }

  /** The state machine: the live one, or the last one while the node is down. */
  get sm(): ListStateMachine {
    return this.replica?.appliedState().state ?? this.lastSm;
  }

  /** Boots (or reboots) a replica from whatever the disk holds. */
  start(random: RandomSource): void {
    if (this.replica) throw new Error(`${this.id} is already running`);
    const scope = this.clock.scope();
    this.scope = scope;
    this.role = 'follower';
    this.leaderHint = '';
    this.incarnation++;
    this.log = new MemoryDurableLog({
      disk: this.storage,
      clock: scope,
      latencyMs: this.opts.diskLatencySteps,
      observer: { beforeWrite: (b) => this.host.beforePersist(this, b), afterWrite: () => this.host.afterPersist(this) },
    });
    let booting = true;
    const onApply = (e: Entry, cmd: string | undefined, before: number): void => this.host.onApply(this, e, cmd, before);
    const replica = new Replica<ListStateMachine>({
      id: this.id,
      peers: {},
      storage: this.log,
      transport: new MemoryTransport(this.id, this.host.wire),
      clock: scope,
      random,
      restore: (snap) => {
        const before = booting ? this.lastSm.applied : (this.replica?.appliedState().state.applied ?? 0);
        const sm = ListStateMachine.restore(snap.meta.index, snap.data, onApply);
        this.lastSm = sm;
        this.host.onRestore(this, snap, sm, before, !booting);
        return sm;
      },
      onFatal: (e) => this.host.onFatal(this, e),
      tickMs: 1,
      raft: this.opts.raft,
      snapshotEntries: this.opts.snapshotEvery > 0 ? this.opts.snapshotEvery : Number.MAX_SAFE_INTEGER,
      keepEntries: this.opts.snapshotKeep,
      maxPendingProposals: Number.MAX_SAFE_INTEGER,
      log: SILENT,
    });
    booting = false;
    replica.onLeadership(() => {
      const was = this.role;
      this.role = replica.role();
      this.leaderHint = replica.leaderId();
      this.host.onLeadership(this, was === 'leader');
    });
    this.replica = replica;
    replica.start();
  }

  /** Loses the replica, its unfinished disk write and its timers; the disk stays. */
  crash(): void {
    if (!this.replica) return;
    this.lastSm = this.replica.appliedState().state;
    this.scope?.dispose();
    this.scope = undefined;
    this.replica = undefined;
    this.log = undefined;
    this.role = 'follower';
    this.leaderHint = '';
  }

  /** A message from the network. */
  receive(m: Message): void {
    this.replica?.deliver({ from: m.from, messages: [m] });
  }

  /** True while a disk write is in flight. */
  get busy(): boolean {
    return (this.log?.pendingWrites() ?? 0) > 0;
  }
}
