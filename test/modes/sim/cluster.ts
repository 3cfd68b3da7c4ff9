/**
 * The deterministic simulation of partitions, emergency coverage and healing. Each
 * facility runs the production stack minus gRPC: the Replica (with reachability
 * probes) over a MemoryDurableLog, a MemoryJournalStore, the EmergencyJournal, the
 * Healer, the WritePolicy and the ScheduleService that routes every client request.
 * Disks (log and journal) survive crashes; the network is the Raft simulation's
 * faulty network; time is a ManualClock advanced one millisecond per step. One seed
 * drives every choice.
 *
 * The service answers with promises, so a step is asynchronous: after the clock moves,
 * deferred work and promise reactions run until nothing is left, in an order that
 * depends only on the program (no real I/O or timers are involved).
 */
import pino from 'pino';
import { ManualClock, type ClockScope } from '../../../node/clock/index.ts';
import { EmergencyJournal } from '../../../node/healing/emergency-journal.ts';
import { Healer } from '../../../node/healing/healer.ts';
import { WritePolicy } from '../../../node/modes/write-policy.ts';
import { SeededRandom } from '../../../node/raft/rand.ts';
import { MemoryStorage } from '../../../node/raft/storage.ts';
import type { Entry, NodeId } from '../../../node/raft/types.ts';
import { Replica, ReplicatedState, type ScheduleReplica } from '../../../node/replica/index.ts';
import { DEFAULT_POOLS, decodeCommand, type Command, type CoverageWrite } from '../../../node/schedule/index.ts';
import { ScheduleService } from '../../../node/service/schedule-service.ts';
import { MemoryDurableLog } from '../../../node/storage/memory-durable-log.ts';
import { MemoryJournalStore } from '../../../node/storage/memory-journal-store.ts';
import { MemoryTransport, type Wire } from '../../../node/transport/memory-transport.ts';
import { CommandSealer, scheduleCommandOf, SignatureChecker } from '../../../node/ledger/index.ts';
import { CLUSTER, genesisKeys, identity } from '../../ledger/fixtures.ts';
import { Network, type NetworkFaults } from '../../raft/sim/network.ts';

/** Wall time at step 0. */
export const T0 = 1_767_225_600_000;

/** Time constants in simulated milliseconds (one step each). */
export const TIMING = {
  electionTicks: 10,
  heartbeatTicks: 1,
  probeIntervalMs: 2,
  /** A peer unheard for this long is unreachable: one election timeout. */
  probeWindowMs: 10,
  healerIntervalMs: 5,
  resubmitMs: 40,
  /** An emergency write not in the log by then is journaled. */
  emergencyBoundMs: 20,
} as const;

const SILENT = pino({ level: 'silent' });

/** One facility: its disks (which survive crashes) and, while it runs, its stack. */
export class ModesNode {
  readonly disk: MemoryStorage;
  readonly journalDisk = new Map<string, CoverageWrite>();
  replica: ScheduleReplica | undefined;
  journal: EmergencyJournal | undefined;
  service: ScheduleService | undefined;
  private healer: Healer | undefined;
  private scope: ClockScope | undefined;
  incarnation = 0;

  constructor(
    readonly id: NodeId,
    voters: readonly NodeId[],
    private readonly host: ModesCluster,
  ) {
    this.disk = new MemoryStorage({ voters: [...voters], learners: [] });
  }

  get alive(): boolean {
    return this.replica !== undefined;
  }

  start(random: SeededRandom): void {
    if (this.replica) return;
    const scope = this.host.clock.scope();
    const facilities = this.host.facilities;
    // Every command is signed and checked as in the daemon (keys from fixed seeds, given
    // at genesis). The nodes share one SignatureChecker: it only remembers signatures
    // that verified, so sharing it changes no outcome, and each batch is verified once
    // rather than on every node (the soak runs a thousand seeds).
    const checker = this.host.checker;
    const stateConfig = { cluster: CLUSTER, facilities, genesisKeys: genesisKeys(facilities.map((f) => f.id)), checker };
    const sealer = new CommandSealer({ cluster: CLUSTER, facility: this.id, identity: identity(this.id), checker, keyring: () => replica.appliedState().state.ledger.keyring });
    const replica: ScheduleReplica = new Replica<ReplicatedState>({
      id: this.id,
      peers: {},
      storage: new MemoryDurableLog({ disk: this.disk, clock: scope }),
      transport: new MemoryTransport(this.id, this.host.wire),
      clock: scope,
      random,
      restore: (snap) => ReplicatedState.restore(stateConfig, snap.data),
      sealer,
      onFatal: (e) => {
        throw e;
      },
      tickMs: 1,
      raft: { electionTicks: TIMING.electionTicks, heartbeatTicks: TIMING.heartbeatTicks },
      // Large: the checks read every committed entry from the nodes' applied feeds.
      snapshotEntries: 1_000_000,
      keepEntries: 1_000_000,
      maxPendingProposals: 10_000,
      probe: { intervalMs: TIMING.probeIntervalMs, windowMs: TIMING.probeWindowMs },
      log: SILENT,
    });
    const store = new MemoryJournalStore(this.journalDisk, scope);
    const journal = new EmergencyJournal({ facility: this.id, store, clock: scope, schedule: () => replica.appliedState().state.schedule });
    const policy = new WritePolicy(() => replica.partition(), TIMING.emergencyBoundMs);
    this.service = new ScheduleService({ self: this.id, replica, policy, journal, clock: scope });
    this.healer = new Healer({
      facility: this.id,
      store,
      replica,
      clock: scope,
      intervalMs: TIMING.healerIntervalMs,
      resubmitMs: TIMING.resubmitMs,
      log: SILENT,
    });
    replica.onApplied((b) => {
      if (b.kind === 'entries') for (const ev of b.events) this.host.recordApplied(this.id, ev.entry);
    });
    this.replica = replica;
    this.journal = journal;
    this.scope = scope;
    this.incarnation++;
    replica.start();
    this.healer.start();
  }

  /** kill -9: the stack, its timers and its unfinished writes are gone; the disks stay. */
  crash(): void {
    if (!this.replica) return;
    this.scope?.dispose();
    this.replica = undefined;
    this.journal = undefined;
    this.service = undefined;
    this.healer = undefined;
    this.scope = undefined;
  }
}

export interface ModesClusterOptions {
  readonly seed: number;
  readonly nodes?: number;
  readonly faults: NetworkFaults;
}

export class ModesCluster {
  readonly clock = new ManualClock(T0);
  readonly checker = new SignatureChecker(CLUSTER);
  readonly rng: SeededRandom;
  readonly net: Network;
  readonly nodes = new Map<NodeId, ModesNode>();
  readonly facilities;
  readonly wire: Wire;
  /** Every committed command, by log index, as the nodes applied it (checked to agree). */
  /** The schedule command applied at each index (its rosterd.v1.Command bytes, out of the signed entry). */
  readonly history = new Map<number, { readonly requestId: string; readonly bytes: Uint8Array }>();
  private step_ = 0;

  constructor(readonly o: ModesClusterOptions) {
    this.rng = new SeededRandom(o.seed);
    this.net = new Network(new SeededRandom(this.rng.intn(2 ** 31)), o.faults);
    const ids = Array.from({ length: o.nodes ?? 3 }, (_, i) => String.fromCharCode(65 + i));
    this.facilities = ids.map((id) => ({ id, name: id, pools: [...DEFAULT_POOLS] }));
    this.wire = {
      send: (m) => this.net.send(m, this.step_),
      reachable: (from, to) => !this.net.isBlocked(from, to),
      probe: (from, to, probe) => this.net.sendProbe({ from, to, hears: probe.hears }, this.step_),
    };
    for (const id of ids) {
      const n = new ModesNode(id, ids, this);
      this.nodes.set(id, n);
      n.start(new SeededRandom(this.rng.intn(2 ** 31)));
    }
  }

  get now(): number {
    return this.step_;
  }

  ids(): NodeId[] {
    return [...this.nodes.keys()];
  }

  node(id: NodeId): ModesNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  live(): ModesNode[] {
    return [...this.nodes.values()].filter((n) => n.alive);
  }

  leader(): ModesNode | undefined {
    return this.live().find((n) => n.replica!.role() === 'leader');
  }

  /** One step: deliver what is due, advance time a millisecond, run everything that follows from it. */
  async step(): Promise<void> {
    this.step_++;
    this.net.deliverDue(this.step_, (m) => this.nodes.get(m.to)?.replica?.deliver({ from: m.from, messages: [m] }));
    this.net.deliverDueProbes(this.step_, (p) => this.nodes.get(p.to)?.replica?.deliver({ from: p.from, messages: [], probe: { hears: p.hears } }));
    this.clock.advance(1);
    await this.settle();
  }

  /** Runs deferred work and promise reactions until neither has anything left. */
  async settle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      this.clock.runDeferred();
      await new Promise<void>((r) => setImmediate(r));
      if (this.clock.pendingDeferred() === 0) return;
    }
    throw new Error('the simulation does not settle within a step');
  }

  async run(steps: number): Promise<void> {
    for (let i = 0; i < steps; i++) await this.step();
  }

  async runUntil(pred: () => boolean, maxSteps: number, what: string): Promise<void> {
    for (let i = 0; i <= maxSteps; i++) {
      if (pred()) return;
      await this.step();
    }
    throw new Error(`no ${what} within ${maxSteps} steps (seed ${this.o.seed}, step ${this.step_})`);
  }

  crash(id: NodeId): void {
    this.node(id).crash();
    this.net.dropFor(id);
  }

  restart(id: NodeId): void {
    this.node(id).start(new SeededRandom(this.rng.intn(2 ** 31)));
  }

  isolate(id: NodeId): void {
    this.net.isolate(id, this.ids());
  }

  split(...groups: NodeId[][]): void {
    this.net.split(groups, this.ids());
  }

  /** `bridge` reaches everyone; the others reach only the bridge. */
  bridge(bridge: NodeId): void {
    this.net.heal();
    const others = this.ids().filter((i) => i !== bridge);
    for (const a of others) for (const b of others) if (a !== b) this.net.block(a, b);
  }

  heal(): void {
    this.net.heal();
  }

  /** Called by every node for every applied entry: the history must agree across nodes. */
  recordApplied(node: NodeId, e: Entry): void {
    if (e.type !== 'normal' || e.data.length === 0) return;
    const bytes = scheduleCommandOf(e.data);
    if (bytes === undefined) return;
    let cmd: Command;
    try {
      cmd = decodeCommand(bytes);
    } catch {
      return;
    }
    const seen = this.history.get(e.index);
    if (seen === undefined) this.history.set(e.index, { requestId: cmd.requestId, bytes });
    else if (seen.requestId !== cmd.requestId) {
      throw new Error(`state machine safety: ${node} applied ${cmd.requestId} at index ${e.index}, another node applied ${seen.requestId} (seed ${this.o.seed})`);
    }
  }

  /** One line per node: role, leader, indexes, partition state, journal. */
  describe(): string {
    return [...this.nodes.values()]
      .map((n) => {
        if (!n.replica) return `${n.id} down (journal ${n.journalDisk.size})`;
        const st = n.replica.status();
        return `${n.id} ${st.role} t${st.term} leader=${st.leader || '-'} commit ${st.commit}/${st.lastIndex} applied ${n.replica.appliedState().applied} ${n.replica.partition().state} journal ${n.journalDisk.size}`;
      })
      .join('; ');
  }

  /** Every live node applied the whole committed log, the journals are empty, and a leader leads everyone. */
  converged(): boolean {
    const l = this.leader();
    if (!l || this.live().length !== this.nodes.size) return false;
    const st = l.replica!.status();
    if (st.commit !== st.lastIndex) return false;
    for (const n of this.nodes.values()) {
      if (n.journalDisk.size > 0) return false;
      if (n.replica!.appliedState().applied !== st.commit || n.replica!.leaderId() !== l.id) return false;
    }
    return true;
  }
}

/** Steps `c` until `p` settles (or throws after `maxSteps`); returns its value or rethrows its error. */
export async function settled<T>(c: ModesCluster, p: Promise<T>, maxSteps = 500): Promise<T> {
  type Outcome = { ok: true; value: T } | { ok: false; error: unknown };
  let outcome: Outcome | undefined;
  p.then(
    (value) => (outcome = { ok: true, value }),
    (error: unknown) => (outcome = { ok: false, error }),
  );
  await c.settle();
  await c.runUntil(() => outcome !== undefined, maxSteps, 'answer');
  const o = outcome as unknown as Outcome;
  if (!o.ok) throw o.error;
  return o.value;
}
