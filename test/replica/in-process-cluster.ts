/**
 * Real replicas (node/replica) in one process, over the in-memory twins of their outside
 * world: a ManualClock (a Raft tick is one millisecond of it), a MemoryNetwork, one
 * MemoryDurableLog per node whose disk survives a crash, and the schedule state machine
 * (ReplicatedState). Nothing waits on real time: a test runs in milliseconds.
 */
import pino from 'pino';
import { ManualClock, type ClockScope } from '../../node/clock/index.ts';
import { SeededRandom } from '../../node/raft/rand.ts';
import { MemoryStorage } from '../../node/raft/storage.ts';
import type { NodeId } from '../../node/raft/types.ts';
import { Replica, ReplicatedState, type ScheduleReplica } from '../../node/replica/index.ts';
import { DEFAULT_POOLS, encodeCommand, type Command, type Op } from '../../node/schedule/index.ts';
import { MemoryDurableLog } from '../../node/storage/memory-durable-log.ts';
import { MemoryNetwork } from '../../node/transport/memory-transport.ts';

export const IDS = ['A', 'B', 'C'] as const;
const FACILITIES = IDS.map((id) => ({ id, name: id, pools: [...DEFAULT_POOLS] }));

interface Member {
  replica: ScheduleReplica | undefined;
  scope: ClockScope | undefined;
  readonly disk: MemoryStorage;
  fatal: Error | undefined;
}

export class InProcessCluster {
  readonly clock = new ManualClock(1_767_225_600_000);
  readonly net: MemoryNetwork;
  private readonly members = new Map<NodeId, Member>();
  private readonly rng: SeededRandom;
  private nextRequest = 0;

  constructor(seed = 1) {
    this.rng = new SeededRandom(seed);
    this.net = new MemoryNetwork(this.clock.scope());
    for (const id of IDS) {
      this.members.set(id, { replica: undefined, scope: undefined, disk: new MemoryStorage({ voters: [...IDS], learners: [] }), fatal: undefined });
      this.start(id);
    }
  }

  replica(id: NodeId): ScheduleReplica {
    const r = this.members.get(id)?.replica;
    if (!r) throw new Error(`${id} is down`);
    return r;
  }

  /** The disk of `id` (what survives a crash). */
  disk(id: NodeId): MemoryStorage {
    return this.members.get(id)!.disk;
  }

  /** Boots `id` from its disk. */
  start(id: NodeId): ScheduleReplica {
    const m = this.members.get(id)!;
    if (m.replica) throw new Error(`${id} is running`);
    const scope = this.clock.scope();
    const replica: ScheduleReplica = new Replica<ReplicatedState>({
      id,
      peers: Object.fromEntries(IDS.map((p) => [p, `memory:${p}`])),
      storage: new MemoryDurableLog({ disk: m.disk, clock: scope }),
      transport: this.net.transport(id),
      clock: scope,
      random: new SeededRandom(this.rng.intn(2 ** 31)),
      restore: (snap) => ReplicatedState.restore({ cluster: 'in-process', facilities: FACILITIES }, snap.data),
      onFatal: (e) => {
        m.fatal = e;
      },
      tickMs: 1,
      raft: { electionTicks: 10, heartbeatTicks: 1 },
      snapshotEntries: 1000,
      keepEntries: 100,
      maxPendingProposals: 64,
      log: pino({ level: 'silent' }),
    });
    this.net.attach(id, (frame) => replica.deliver(frame));
    m.replica = replica;
    m.scope = scope;
    replica.start();
    return replica;
  }

  /** kill -9: the process, its timers and its unfinished write are gone; the disk stays. */
  crash(id: NodeId): void {
    const m = this.members.get(id)!;
    m.scope?.dispose();
    this.net.detach(id);
    m.replica = undefined;
    m.scope = undefined;
  }

  /** Advances time one millisecond at a time, running all work, and lets promise reactions run. */
  async run(ms: number): Promise<void> {
    for (let i = 0; i < ms; i++) await this.step();
  }

  /**
   * Runs the deliveries and disk completions that are due now, and what they cause, with
   * the clock stopped: no tick, heartbeat or retry timer fires. Returns once nothing is
   * left to run.
   */
  async settleFrozen(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      this.clock.runDeferred();
      await new Promise<void>((r) => setImmediate(r));
      for (const m of this.members.values()) if (m.fatal) throw m.fatal;
      if (this.clock.pendingDeferred() === 0) return;
    }
    throw new Error(`work still deferred after ${maxRounds} rounds with the clock stopped`);
  }

  /** Steps until `pred` holds; throws after `maxMs` simulated milliseconds, naming `what`. */
  async until(pred: () => boolean, what: string, maxMs = 2000): Promise<void> {
    for (let i = 0; i <= maxMs; i++) {
      if (pred()) return;
      await this.step();
    }
    throw new Error(`no ${what} within ${maxMs} simulated ms`);
  }

  private async step(): Promise<void> {
    this.clock.advance(1);
    this.clock.runDeferred();
    // Promise reactions (a client awaiting propose()) run between steps, as they would
    // between turns of a real event loop.
    await new Promise<void>((r) => setImmediate(r));
    for (const m of this.members.values()) if (m.fatal) throw m.fatal;
  }

  /** The live replica that leads, if any. */
  leader(): ScheduleReplica | undefined {
    for (const m of this.members.values()) if (m.replica?.role() === 'leader') return m.replica;
    return undefined;
  }

  async waitLeader(): Promise<ScheduleReplica> {
    await this.until(() => this.leader() !== undefined, 'leader');
    return this.leader()!;
  }

  live(): ScheduleReplica[] {
    return [...this.members.values()].flatMap((m) => (m.replica ? [m.replica] : []));
  }

  /** The encoded command for `op` with a fresh request id. */
  command(op: Op, requestId = `req-${++this.nextRequest}`): Uint8Array {
    const cmd: Command = { requestId, issuer: 'A', timestampMs: this.clock.scope().nowMs(), op };
    return encodeCommand(cmd);
  }
}
