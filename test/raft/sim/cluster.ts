/**
 * The deterministic simulation harness. It owns everything a real deployment would get
 * from the outside world: the clock (a ManualClock advanced one millisecond per step),
 * the network (./network.ts), the disks (one MemoryStorage per node, surviving
 * crashes), process lifetimes (crash, restart, add, retire), the clients (proposals and
 * reads, and what each was told) and the safety checker that watches all of it. Each
 * node runs the production driver (node/replica) around the Raft core. One seeded PRNG
 * drives every choice, so a seed replays exactly.
 */
import { ManualClock } from '../../../node/clock/index.ts';
import { OutcomeUnknownError, UnavailableError, type RosterError } from '../../../node/errors.ts';
import { SeededRandom } from '../../../node/raft/rand.ts';
import { MemoryStorage } from '../../../node/raft/storage.ts';
import type { ConfChange, Entry, Message, NodeId, Snapshot, Status } from '../../../node/raft/types.ts';
import type { PersistBatch } from '../../../node/storage/durable-log.ts';
import type { Wire } from '../../../node/transport/memory-transport.ts';
import { Checker, SafetyViolation, entryKey } from './checker.ts';
import { Network, RELIABLE, type NetworkFaults } from './network.ts';
import { SimNode, encodeCommand, type ListStateMachine, type NodeHost, type RaftTunables } from './node.ts';

export interface ClusterOptions {
  readonly seed: number;
  /** Initial voters n1..nN. Default 3. */
  readonly voters?: number;
  readonly raft?: RaftTunables;
  readonly faults?: NetworkFaults;
  /** Disk write latency in steps, drawn per write from [min, max]. Default [0, 0] (within the step). */
  readonly diskLatencySteps?: readonly [number, number];
  /** Snapshot + compact every this many applied entries; 0 = never. Default 0. */
  readonly snapshotEvery?: number;
  /** Entries kept behind a snapshot. Default 5. */
  readonly snapshotKeep?: number;
  /** The command that replays this run, quoted in every failure. */
  readonly replay?: string;
  /** Receives a line per notable event (verbose mode). */
  readonly log?: (line: string) => void;
}

/**
 * What a client was told about a proposal. `committed` = acknowledged as committed;
 * `forwarded` = sent on to the leader by a follower (Replica.forward), never acknowledged.
 */
export type ProposalStatus = 'queued' | 'refused' | 'pending' | 'committed' | 'lost' | 'unknown' | 'forwarded';

export interface Proposal {
  readonly cmd: string;
  readonly node: NodeId;
  readonly incarnation: number;
  /** Where the core appended it (-1 until then). */
  index: number;
  term: number;
  readonly proposedAt: number;
  status: ProposalStatus;
  resolvedAt: number;
  /** Why the request was not appended (status `refused`): the error's name and message. */
  refusal: string | undefined;
}

export interface ReadRecord {
  readonly context: string;
  readonly node: NodeId;
  readonly issuedAt: number;
  /** The highest index acknowledged to any client before the read was issued. */
  readonly minIndex: number;
  /** The applied index the read was served at (it covers the read index), once served. */
  index: number | undefined;
  failed: boolean;
}

/** The cluster did not reach a required state in time (a liveness failure, not a safety one). */
export class LivenessFailure extends Error {
  override readonly name = 'LivenessFailure';
}

export class Cluster implements NodeHost {
  readonly seed: number;
  readonly rng: SeededRandom;
  readonly net: Network;
  readonly checker: Checker;
  readonly nodes = new Map<NodeId, SimNode>();
  /** Time for every node: one millisecond per step (a Raft tick is one millisecond here). */
  readonly clock = new ManualClock();
  /** Where nodes' messages leave: the simulated network, with the promise check on the way. */
  readonly wire: Wire;
  /** Nodes shut down for good (removed from the cluster). */
  readonly retired = new Set<NodeId>();
  readonly proposals: Proposal[] = [];
  /** Proposals a follower sent on to its leader (Cluster.forward). */
  readonly forwarded: Proposal[] = [];
  readonly reads = new Map<string, ReadRecord>();
  /** Highest index any client has been told is committed. */
  maxAckedIndex = 0;
  private step_ = 0;
  /** Proposals each node has not answered yet (a crash leaves their outcome unknown). */
  private readonly pending = new Map<NodeId, Set<Proposal>>();
  private readonly opts: ClusterOptions;
  private readonly diskRng: SeededRandom;
  private nextContext = 0;
  readonly stats = { crashes: 0, restarts: 0, elections: 0, snapshotsInstalled: 0 };
  /** Called whenever any node applies a membership change (the soak retires removed nodes). */
  onConfApplied: ((change: ConfChange, node: NodeId) => void) | undefined;

  constructor(opts: ClusterOptions) {
    this.opts = opts;
    this.seed = opts.seed;
    this.rng = new SeededRandom(opts.seed);
    this.net = new Network(new SeededRandom(this.rng.intn(2 ** 32)), opts.faults ?? RELIABLE);
    this.diskRng = new SeededRandom(this.rng.intn(2 ** 32));
    this.checker = new Checker(opts.seed, () => this.step_, opts.replay);
    this.wire = {
      send: (m) => {
        const from = this.nodes.get(m.from);
        if (from) this.checkPromise(from, m);
        this.net.send(m, this.step_);
      },
      reachable: (from, to) => !this.net.isBlocked(from, to),
      // The Raft simulation runs its replicas without probes.
      probe: () => {},
    };
    const n = opts.voters ?? 3;
    const voters = Array.from({ length: n }, (_, i) => `n${i + 1}`);
    for (const id of voters) this.createNode(id, new MemoryStorage({ voters, learners: [] }));
    this.checker.setStaticVoters(voters);
  }

  // ---- time ------------------------------------------------------------------------

  now(): number {
    return this.step_;
  }

  /**
   * One step of the clock: deliver what is due, advance time by one tick (every live
   * node's ticker fires, disk writes due now complete), then run every driver loop
   * until it is idle.
   */
  step(): void {
    this.step_++;
    this.net.deliverDue(this.step_, (m) => this.nodes.get(m.to)?.receive(m));
    this.clock.advance(1);
    this.clock.runDeferred();
  }

  run(steps: number): void {
    for (let i = 0; i < steps; i++) this.step();
  }

  /** Steps until `pred` holds; throws LivenessFailure naming `what` after `maxSteps`. */
  runUntil(pred: () => boolean, maxSteps: number, what: string): number {
    for (let i = 0; i <= maxSteps; i++) {
      if (pred()) return i;
      this.step();
    }
    throw new LivenessFailure(`no ${what} within ${maxSteps} steps (step ${this.step_}, seed ${this.seed})${this.opts.replay ? `\n  replay: ${this.opts.replay}` : ''}`);
  }

  log(line: string): void {
    this.opts.log?.(`[${String(this.step_).padStart(5)}] ${line}`);
  }

  // ---- nodes ---------------------------------------------------------------------

  private createNode(id: NodeId, storage: MemoryStorage): SimNode {
    const [lo, hi] = this.opts.diskLatencySteps ?? [0, 0];
    const node = new SimNode(id, storage, this, this.clock, {
      raft: this.opts.raft ?? {},
      diskLatencySteps: hi <= 0 ? () => 0 : () => lo + this.diskRng.intn(hi - lo + 1),
      snapshotEvery: this.opts.snapshotEvery ?? 0,
      snapshotKeep: this.opts.snapshotKeep ?? 5,
    });
    this.nodes.set(id, node);
    this.checker.registerDisk(id, storage);
    node.start(new SeededRandom(this.rng.intn(2 ** 32)));
    return node;
  }

  node(id: NodeId): SimNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  /** Every node id ever created, including crashed and retired ones. */
  ids(): NodeId[] {
    return [...this.nodes.keys()];
  }

  alive(): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.alive);
  }

  status(id: NodeId): Status {
    const core = this.node(id).core;
    if (!core) throw new Error(`${id} is down`);
    return core.status();
  }

  /** A node added by a membership change boots with an empty configuration (API.md). */
  addNode(id: NodeId): SimNode {
    if (this.nodes.has(id)) throw new Error(`node ${id} exists`);
    this.log(`add node ${id}`);
    return this.createNode(id, new MemoryStorage({ voters: [], learners: [] }));
  }

  crash(id: NodeId): void {
    const n = this.node(id);
    if (!n.alive) return;
    this.log(`crash ${id}`);
    this.stats.crashes++;
    n.crash();
    this.net.dropFor(id);
    // Clients waiting on this node never hear back.
    const p = this.pending.get(id);
    if (p) for (const pr of p) this.resolve(pr, 'unknown');
    this.pending.delete(id);
  }

  restart(id: NodeId): void {
    const n = this.node(id);
    if (n.alive || this.retired.has(id)) return;
    this.log(`restart ${id}`);
    this.stats.restarts++;
    n.start(new SeededRandom(this.rng.intn(2 ** 32)));
  }

  /** Shuts a node down for good (after its removal from the membership). */
  retire(id: NodeId): void {
    this.crash(id);
    this.retired.add(id);
    this.log(`retire ${id}`);
  }

  // ---- network shortcuts ---------------------------------------------------------

  isolate(id: NodeId): void {
    this.log(`isolate ${id}`);
    this.net.isolate(id, this.ids());
  }

  split(...groups: NodeId[][]): void {
    this.log(`split ${groups.map((g) => `[${g.join(',')}]`).join(' ')}`);
    this.net.split(groups, this.ids());
  }

  heal(): void {
    if (this.net.partitioned()) this.log('heal');
    this.net.heal();
  }

  // ---- leaders -------------------------------------------------------------------

  /** The live node that believes it leads the highest term (by live status), if any. */
  leader(): SimNode | undefined {
    let best: SimNode | undefined;
    let bestTerm = -1;
    for (const n of this.nodes.values()) {
      if (!n.core) continue;
      const s = n.core.status();
      if (s.role === 'leader' && s.term > bestTerm) {
        best = n;
        bestTerm = s.term;
      }
    }
    return best;
  }

  leaderId(): NodeId | undefined {
    return this.leader()?.id;
  }

  /** Cheap guess for clients: a node whose last Ready said it leads (may be a step stale). */
  believedLeader(): SimNode | undefined {
    let best: SimNode | undefined;
    for (const n of this.nodes.values()) {
      if (n.core && n.role === 'leader') {
        if (!best) best = n;
        else if (n.core.status().term > best.core!.status().term) best = n;
      }
    }
    return best;
  }

  /** Steps until some node leads and returns it. */
  waitLeader(maxSteps = 300): SimNode {
    let l: SimNode | undefined;
    this.runUntil(() => (l = this.leader()) !== undefined, maxSteps, 'leader');
    return l!;
  }

  /** Records a new leader with the checker (election safety, leader completeness). */
  private noteRole(n: SimNode): void {
    const core = n.core;
    if (!core) return;
    const s = core.status();
    if (s.role !== 'leader') return;
    if (this.checker.leaderOf(s.term) !== n.id) {
      this.stats.elections++;
      this.log(`${n.id} leads term ${s.term}`);
    }
    this.checker.onLeader(n.id, s.term, { termAt: (i) => core.termAt(i), firstIndex: () => s.firstIndex });
  }

  // ---- clients -------------------------------------------------------------------

  /**
   * Proposes `cmd` at `via` (default: the believed leader, else any live node) through
   * the node's replica. Status `queued` until the core appends it (`pending`), then
   * whatever the replica answers: `committed`, `lost` (definitely not applied),
   * `unknown` (the node lost leadership or crashed), or `refused` before it was appended
   * (`refusal` says why).
   */
  propose(cmd: string, via?: NodeId): Proposal {
    const n = via !== undefined ? this.node(via) : this.believedLeader() ?? this.alive()[0];
    const p: Proposal = {
      cmd,
      node: n?.id ?? '',
      incarnation: n?.incarnation ?? 0,
      index: -1,
      term: -1,
      proposedAt: this.step_,
      status: 'queued',
      resolvedAt: -1,
      refusal: undefined,
    };
    const replica = n?.replica;
    if (!n || !replica) {
      p.status = 'refused';
      p.refusal = 'down';
      return p;
    }
    let waiting = this.pending.get(n.id);
    if (!waiting) this.pending.set(n.id, (waiting = new Set()));
    const open = waiting;
    open.add(p);
    replica.submit(encodeCommand(cmd), {
      appended: (index, term) => {
        p.index = index;
        p.term = term;
        p.status = 'pending';
        this.proposals.push(p);
      },
      committed: (c) => {
        open.delete(p);
        this.checkOwnEntry(p, c.index, c.term);
        this.resolve(p, 'committed');
      },
      failed: (e) => {
        open.delete(p);
        this.proposalFailed(p, e);
      },
    });
    this.serveNow();
    return p;
  }

  /**
   * A client request arrives between steps: the node takes its turn at once (as a real
   * node's event loop would, with nothing else to do), so a refusal or an append is
   * visible to the caller right away.
   */
  private serveNow(): void {
    this.clock.runDeferred();
  }

  /**
   * Forwards `cmd` through `via` (Replica.forward): appended there if it leads (then
   * tracked like propose), else sent to its leader (`forwarded`: the client hears
   * nothing more; the command may or may not reach the log).
   */
  forward(cmd: string, via: NodeId): Proposal {
    const n = this.node(via);
    const p: Proposal = { cmd, node: n.id, incarnation: n.incarnation, index: -1, term: -1, proposedAt: this.step_, status: 'queued', resolvedAt: -1, refusal: undefined };
    const replica = n.replica;
    if (!replica) {
      p.status = 'refused';
      p.refusal = 'down';
      return p;
    }
    let waiting = this.pending.get(n.id);
    if (!waiting) this.pending.set(n.id, (waiting = new Set()));
    const open = waiting;
    open.add(p);
    replica.forward(encodeCommand(cmd), {
      appended: (index, term) => {
        p.index = index;
        p.term = term;
        p.status = 'pending';
        this.proposals.push(p);
      },
      committed: (c) => {
        open.delete(p);
        this.checkOwnEntry(p, c.index, c.term);
        this.resolve(p, 'committed');
      },
      failed: (e) => {
        open.delete(p);
        this.proposalFailed(p, e);
      },
      forwarded: () => {
        open.delete(p);
        p.status = 'forwarded';
        p.resolvedAt = this.step_;
        this.forwarded.push(p);
      },
    });
    this.serveNow();
    return p;
  }

  /** The replica's bookkeeping must answer a client with its own entry: what the history holds at the index it names (ProposeResult contract). */
  private checkOwnEntry(p: Proposal, index: number, term: number): void {
    const key = this.checker.appliedKeyAt(index);
    if (index !== p.index || term !== p.term || key !== `${term}:cmd:${p.cmd}`) {
      this.checker.fail(
        'proposal results (ProposeResult contract)',
        `${p.cmd} was appended at (index ${p.index}, term ${p.term}) and told committed at (index ${index}, term ${term}), where the history holds ${key ?? 'nothing'}`,
      );
    }
  }

  private proposalFailed(p: Proposal, e: RosterError): void {
    if (p.status === 'queued') {
      p.status = 'refused';
      p.refusal = `${e.name}: ${e.message}`;
      return;
    }
    this.resolve(p, e instanceof OutcomeUnknownError ? 'unknown' : e instanceof UnavailableError ? 'lost' : 'unknown');
  }

  /** Proposes at the current leader, re-proposing when told it failed, until it is acknowledged. */
  proposeAndWait(cmd: string, maxSteps = 300): Proposal {
    let p: Proposal | undefined;
    this.runUntil(
      () => {
        if (p?.status === 'committed') return true;
        if (p === undefined || p.status === 'lost' || p.status === 'unknown' || p.status === 'refused') {
          const l = this.leader();
          p = l ? this.propose(cmd, l.id) : undefined;
        }
        return false;
      },
      maxSteps,
      `commit of ${cmd}`,
    );
    return p!;
  }

  /**
   * Proposes a membership change at `via` (default: the leader); `then` hears whether the
   * core appended it ({ ok: true }) or refused it ({ ok: false }).
   */
  proposeConfChange(cc: ConfChange, via?: NodeId, then?: (r: { ok: boolean }) => void): boolean {
    const n = via !== undefined ? this.node(via) : this.leader();
    const replica = n?.replica;
    if (!n || !replica) return false;
    let appended = false;
    replica.submitConfChange(cc, {
      appended: (index) => {
        appended = true;
        this.log(`${n.id} proposeConfChange ${cc.kind} ${cc.node}: index ${index}`);
        then?.({ ok: true });
      },
      committed: () => {},
      failed: (e) => {
        if (appended) return;
        this.log(`${n.id} proposeConfChange ${cc.kind} ${cc.node}: ${e.message}`);
        then?.({ ok: false });
      },
    });
    this.serveNow();
    return true;
  }

  /**
   * Issues a linearizable read at `via`; the outcome lands in the returned record. When
   * the replica says the read may be served, the applied state must cover every write
   * acknowledged before the read was issued (Raft thesis §6.4): checked here.
   */
  readIndex(via: NodeId): ReadRecord {
    const n = this.node(via);
    const rec: ReadRecord = {
      context: `r${this.nextContext++}`,
      node: via,
      issuedAt: this.step_,
      minIndex: this.maxAckedIndex,
      index: undefined,
      failed: false,
    };
    this.reads.set(rec.context, rec);
    const replica = n.replica;
    if (!replica) {
      rec.failed = true;
      return rec;
    }
    replica.readBarrier({
      ready: () => {
        const applied = replica.appliedState().applied;
        if (applied < rec.minIndex) {
          this.checker.fail(
            'linearizable reads (Raft §6.4)',
            `read ${rec.context} at ${via} was served at applied index ${applied}, but index ${rec.minIndex} was acknowledged before the read was issued`,
          );
        }
        rec.index = applied;
      },
      failed: () => {
        rec.failed = true;
      },
    });
    this.serveNow();
    return rec;
  }

  /** Asks `from` (a leader) to hand leadership to `to` (thesis §3.10). */
  transferLeadership(from: NodeId, to: NodeId): boolean {
    const replica = this.node(from).replica;
    if (!replica) return false;
    replica.transferLeadership(to, 10 * (this.opts.raft?.electionTicks ?? 10)).then(
      () => this.log(`${from} transferred leadership to ${to}`),
      (e: Error) => this.log(`${from} transfers leadership to ${to}: ${e.message}`),
    );
    this.serveNow();
    return true;
  }

  /** Makes `id` start an election now. */
  campaign(id: NodeId): boolean {
    const replica = this.node(id).replica;
    if (!replica) return false;
    replica.campaign();
    this.serveNow();
    return true;
  }

  private resolve(p: Proposal, status: ProposalStatus): void {
    if (p.status !== 'pending' && p.status !== 'queued') return;
    p.status = status;
    p.resolvedAt = this.step_;
    if (status === 'committed' && p.index > this.maxAckedIndex) this.maxAckedIndex = p.index;
  }

  // ---- NodeHost: what the driver loops report ------------------------------------

  beforePersist(node: SimNode, b: PersistBatch): void {
    this.checker.beforePersist(node.id, node.storage, b.snapshot, b.entries, b.hardState);
    if (b.snapshot) {
      this.stats.snapshotsInstalled++;
      this.log(`${node.id} installs snapshot at ${b.snapshot.meta.index} (term ${b.snapshot.meta.term})`);
    }
  }

  afterPersist(node: SimNode): void {
    this.checker.afterPersist(node.id, node.storage);
  }

  /** A message that promises durability may leave only once its promise holds on the sender's disk. */
  private checkPromise(node: SimNode, m: Message): void {
    if (m.type === 'voteResp' || m.type === 'appResp') this.checker.checkPromise(node.id, node.storage, m);
  }

  onLeadership(node: SimNode, wasLeader: boolean): void {
    if (node.role === 'leader' && !wasLeader) this.noteRole(node);
  }

  onRestore(node: SimNode, snap: Snapshot, sm: ListStateMachine, appliedBefore: number, fromLeader: boolean): void {
    this.checker.onRestore(node.id, snap.meta.index, sm.commands, appliedBefore, fromLeader);
  }

  onApply(node: SimNode, e: Entry, cmd: string | undefined, appliedBefore: number): void {
    this.checker.onApply(node.id, e, cmd, appliedBefore);
    if (e.type === 'conf') {
      this.log(`${node.id} applies conf ${e.change.kind} ${e.change.node} at ${e.index}`);
      this.onConfApplied?.(e.change, node.id);
    }
  }

  /** A violation the checker raised inside a replica's loop surfaces as itself; anything else is a driver bug. */
  onFatal(node: SimNode, e: Error): void {
    if (e instanceof SafetyViolation || e instanceof LivenessFailure) throw e;
    this.checker.fail('the driver never fails on a healthy disk', `${node.id}: ${e.stack ?? e.message}`);
  }

  // ---- the end of a run ----------------------------------------------------------

  /**
   * Heals every fault, restarts every non-retired node and waits until all members have
   * applied the same, fully committed log; then checks that nothing acknowledged was lost.
   */
  converge(maxSteps = 2000): void {
    this.heal();
    this.net.faults = RELIABLE;
    for (const id of this.ids()) if (!this.retired.has(id)) this.restart(id);
    this.runUntil(() => this.settled(), maxSteps, 'convergence after healing');
    this.checkFinal();
  }

  /** A leader whose whole log is committed, and every member has applied all of it. */
  settled(): boolean {
    const l = this.leader();
    if (!l?.core) return false;
    const s = l.core.status();
    if (s.commit !== s.lastIndex || l.sm.applied !== s.commit) return false;
    for (const id of [...s.conf.voters, ...s.conf.learners]) {
      const n = this.nodes.get(id);
      if (!n?.core || n.sm.applied !== s.commit) return false;
    }
    return true;
  }

  /** No committed entry was ever lost: every member holds the whole history, every ack is in it. */
  checkFinal(): void {
    const l = this.leader();
    if (!l?.core) throw new LivenessFailure('checkFinal needs a leader');
    const conf = l.core.status().conf;
    const history = this.checker.commands;
    for (const id of [...conf.voters, ...conf.learners]) {
      const sm = this.node(id).sm;
      if (sm.applied !== this.checker.maxApplied || sm.commands.length !== history.length || sm.commands.some((c, i) => c !== history[i])) {
        this.checker.fail('no committed entry is lost (Raft §5.4)', `${id} applied ${sm.applied} entries / ${sm.commands.length} commands, the history has ${this.checker.maxApplied} / ${history.length}`);
      }
    }
    for (const p of this.proposals) {
      if (p.status !== 'committed') continue;
      const key = this.checker.appliedKeyAt(p.index);
      if (key !== `${p.term}:cmd:${p.cmd}`) {
        this.checker.fail('no committed entry is lost (Raft §5.4)', `${p.cmd} was acknowledged at (index ${p.index}, term ${p.term}) but the history holds ${key ?? 'nothing'} there`);
      }
    }
  }

  /** A one-line summary for logs and the CLI. */
  summary(): string {
    const counts = { committed: 0, lost: 0, unknown: 0, pending: 0, queued: 0, refused: 0, forwarded: 0 };
    for (const p of this.proposals) counts[p.status]++;
    const terms = this.checker.leaderTerms();
    return (
      `steps ${this.step_}, applied ${this.checker.maxApplied}, leaders ${terms.length} (last term ${terms.at(-1) ?? 0}), ` +
      `proposals ${this.proposals.length} (committed ${counts.committed}, lost ${counts.lost}, unknown ${counts.unknown}, pending ${counts.pending}), forwarded ${this.forwarded.length}, ` +
      `crashes ${this.stats.crashes}, snapshots installed ${this.stats.snapshotsInstalled}, messages ${this.net.delivered} delivered / ${this.net.dropped} dropped`
    );
  }
}

export { SafetyViolation };
