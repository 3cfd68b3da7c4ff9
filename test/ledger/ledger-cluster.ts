/**
 * Three facilities in one process with the production stack minus gRPC: replicas whose
 * commands are signed (CommandSealer) and checked on apply, the schedule and ledger
 * services, vote signers over MemoryVoteStores, and the facilities' ledger services
 * wired to each other in memory (a peer that is down or cut off does not answer). Time
 * is a ManualClock advanced a millisecond per step; nothing waits on real time.
 *
 * A facility's answers to vote requests can be replaced (`lie`), which is how tests play
 * a facility that signs what it should not.
 */
import pino from 'pino';
import { ManualClock, type ClockScope } from '../../node/clock/index.ts';
import { EmergencyJournal } from '../../node/healing/emergency-journal.ts';
import { CommandSealer, DivergenceWatch, HeadWatch, KeyRegistrar, SignatureChecker, VoteSigner, type FacilityIdentity, type LedgerPeers } from '../../node/ledger/index.ts';
import { WritePolicy } from '../../node/modes/write-policy.ts';
import { SeededRandom } from '../../node/raft/rand.ts';
import { MemoryStorage } from '../../node/raft/storage.ts';
import type { NodeId } from '../../node/raft/types.ts';
import { Replica, ReplicatedState, type ScheduleReplica } from '../../node/replica/index.ts';
import type { ProposalSealer } from '../../node/replica/proposal-sealer.ts';
import { DEFAULT_POOLS, type Op } from '../../node/schedule/index.ts';
import { LedgerService } from '../../node/service/ledger-service.ts';
import { ScheduleService } from '../../node/service/schedule-service.ts';
import { MemoryDurableLog } from '../../node/storage/memory-durable-log.ts';
import { MemoryJournalStore } from '../../node/storage/memory-journal-store.ts';
import { MemoryVoteStore } from '../../node/storage/memory-vote-store.ts';
import { MemoryNetwork } from '../../node/transport/memory-transport.ts';
import type { VoteReply__Output, VoteRequest__Output } from '../../node/wire/generated/rosterd/ledger/v1/index.ts';
import type { CoverageWrite } from '../../node/schedule/index.ts';
import { CLUSTER, genesisKeys, identity } from './fixtures.ts';

export const IDS = ['A', 'B', 'C'] as const;
const FACILITIES = IDS.map((id) => ({ id, name: id, pools: [...DEFAULT_POOLS] }));
const SILENT = pino({ level: 'silent' });

/** One facility's running stack. */
export interface Facility {
  readonly replica: ScheduleReplica;
  readonly schedule: ScheduleService;
  readonly ledger: LedgerService;
  readonly heads: HeadWatch;
  readonly divergence: DivergenceWatch;
  readonly scope: ClockScope;
}

interface Member {
  running: Facility | undefined;
  readonly disk: MemoryStorage;
  readonly votes: Map<string, Uint8Array>;
  readonly journal: Map<string, CoverageWrite>;
}

export interface LedgerClusterOptions {
  readonly seed?: number;
  /** Replaces a facility's sealer (a node that signs with the wrong key, say). */
  readonly sealer?: (id: NodeId, honest: ProposalSealer) => ProposalSealer;
  /** The identity a facility's node signs with (default: its own). */
  readonly identity?: (id: NodeId) => FacilityIdentity;
}

export class LedgerCluster {
  readonly clock = new ManualClock(1_767_225_600_000);
  readonly net: MemoryNetwork;
  private readonly members = new Map<NodeId, Member>();
  private readonly rng: SeededRandom;
  private readonly lies = new Map<NodeId, (req: VoteRequest__Output) => Promise<VoteReply__Output>>();
  private nextRequest = 0;

  constructor(private readonly o: LedgerClusterOptions = {}) {
    this.rng = new SeededRandom(o.seed ?? 1);
    this.net = new MemoryNetwork(this.clock.scope());
    for (const id of IDS) {
      this.members.set(id, { running: undefined, disk: new MemoryStorage({ voters: [...IDS], learners: [] }), votes: new Map(), journal: new Map() });
      this.start(id);
    }
  }

  node(id: NodeId): Facility {
    const f = this.members.get(id)?.running;
    if (!f) throw new Error(`${id} is down`);
    return f;
  }

  disk(id: NodeId): MemoryStorage {
    return this.members.get(id)!.disk;
  }

  /** From now on `id` answers vote requests with `answer` instead of its honest vote. */
  lie(id: NodeId, answer: (req: VoteRequest__Output) => Promise<VoteReply__Output>): void {
    this.lies.set(id, answer);
  }

  start(id: NodeId): Facility {
    const m = this.members.get(id)!;
    if (m.running) throw new Error(`${id} is running`);
    const scope = this.clock.scope();
    const me = this.o.identity?.(id) ?? identity(id);
    const checker = new SignatureChecker(CLUSTER);
    const stateConfig = { cluster: CLUSTER, facilities: FACILITIES, genesisKeys: genesisKeys(IDS), checker };
    const keyring = () => replica.appliedState().state.ledger.keyring;
    const honest = new CommandSealer({ cluster: CLUSTER, facility: id, identity: me, checker, keyring });
    const replica: ScheduleReplica = new Replica<ReplicatedState>({
      id,
      peers: Object.fromEntries(IDS.map((p) => [p, `memory:${p}`])),
      storage: new MemoryDurableLog({ disk: m.disk, clock: scope }),
      transport: this.net.transport(id),
      clock: scope,
      random: new SeededRandom(this.rng.intn(2 ** 31)),
      restore: (snap) => ReplicatedState.restore(stateConfig, snap.data),
      sealer: this.o.sealer ? this.o.sealer(id, honest) : honest,
      onFatal: (e) => {
        throw e;
      },
      tickMs: 1,
      raft: { electionTicks: 10, heartbeatTicks: 1 },
      snapshotEntries: 1000,
      keepEntries: 100,
      maxPendingProposals: 256,
      log: SILENT,
    });
    const policy = new WritePolicy(() => replica.partition());
    const journal = new EmergencyJournal({ facility: id, store: new MemoryJournalStore(m.journal, scope), clock: scope, schedule: () => replica.appliedState().state.schedule });
    const registrar = new KeyRegistrar({ facility: id, identity: me, keyring, forward: (d, cb) => replica.forward(d, cb), clock: scope, intervalMs: 100, log: SILENT });
    const ledgerBook = () => replica.appliedState().state.ledger;
    const heads = new HeadWatch({ cluster: CLUSTER, facility: id, identity: me, ledger: ledgerBook, peers: this.peers(id), clock: scope, intervalMs: 100, timeoutMs: 50, report: (s) => void ledger.reportEvidence(s).catch(() => undefined), log: SILENT });
    const divergence = new DivergenceWatch(() => replica.appliedState().state, SILENT);
    const ledger = new LedgerService({
      self: id,
      cluster: CLUSTER,
      replica,
      policy,
      clock: scope,
      peers: this.peers(id),
      identity: me,
      signer: new VoteSigner(me, CLUSTER, new MemoryVoteStore(m.votes, scope)),
      registrar,
      heads,
      divergence,
      log: SILENT,
    });
    const schedule = new ScheduleService({ self: id, replica, policy, journal, clock: scope, signingProblem: () => registrar.problem() });
    this.net.attach(id, (frame) => replica.deliver(frame));
    replica.start();
    divergence.check();
    replica.onApplied(() => divergence.check());
    m.running = { replica, schedule, ledger, heads, divergence, scope };
    return m.running;
  }

  /** How facility `from` reaches the others' ledger services: only live ones it is not cut off from. */
  private peers(from: NodeId): LedgerPeers {
    const reach = (to: NodeId): Facility => {
      const target = this.members.get(to)?.running;
      if (!target || !this.net.reachable(from, to) || !this.net.reachable(to, from)) throw new Error(`${to} is unreachable from ${from}`);
      return target;
    };
    return {
      requestVote: async (to, req) => {
        const target = reach(to);
        const lie = this.lies.get(to);
        return lie ? lie(req) : target.ledger.vote(req);
      },
      getHead: async (to) => {
        const target = reach(to);
        return { head: target.heads.ownHead() ?? null, appliedIndex: target.replica.appliedState().applied, splitViews: [], divergences: [] };
      },
    };
  }

  /** kill -9: the stack and its timers are gone; the disks stay. */
  crash(id: NodeId): void {
    const m = this.members.get(id)!;
    m.running?.scope.dispose();
    this.net.detach(id);
    m.running = undefined;
  }

  leader(): Facility | undefined {
    for (const m of this.members.values()) if (m.running?.replica.role() === 'leader') return m.running;
    return undefined;
  }

  async waitLeader(): Promise<Facility> {
    await this.until(() => this.leader() !== undefined, 'a leader');
    return this.leader()!;
  }

  /** A final approval through the leader, answered once applied. */
  async write(op: Op): Promise<number> {
    const leader = await this.waitLeader();
    const out = await this.settle(leader.schedule.write(op, { requestId: `w${++this.nextRequest}` }));
    return out.index;
  }

  /** Runs the simulation until `p` settles (the promise's work needs simulated time to pass). */
  async settle<T>(p: Promise<T>, maxMs = 5000): Promise<T> {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    await this.until(() => done, 'the request to settle', maxMs);
    return p;
  }

  /** Every live node has applied at least what the leader has. */
  async converge(): Promise<void> {
    const leader = await this.waitLeader();
    const target = leader.replica.appliedState().applied;
    await this.until(() => [...this.members.values()].every((m) => !m.running || m.running.replica.appliedState().applied >= target), 'every node to apply');
  }

  async until(pred: () => boolean, what: string, maxMs = 5000): Promise<void> {
    for (let i = 0; i <= maxMs; i++) {
      if (pred()) return;
      this.clock.advance(1);
      this.clock.runDeferred();
      await new Promise<void>((r) => setImmediate(r));
    }
    throw new Error(`no ${what} within ${maxMs} simulated ms`);
  }
}
