/**
 * The driver's entry to the Raft core (what etcd keeps in rawnode.go): starting a node
 * from its storage, the contract of one outstanding Ready, and assembling each Ready
 * from the protocol (raft.ts) and the Ready bookkeeping (ready-tracker.ts).
 */
import { resolveConfig, type RaftConfig } from './config.ts';
import { RaftLog } from './log.ts';
import { Raft } from './raft.ts';
import { ReadyTracker } from './ready-tracker.ts';
import {
  NONE,
  type ConfChange,
  type ConfState,
  type Message,
  type NodeId,
  type ForwardResult,
  type ProposeResult,
  type ReadIndexResult,
  type Ready,
  type Status,
  type TransferResult,
} from './types.ts';

export { applyToConf } from './conf-change.ts';

/**
 * The Raft consensus core (Ongaro & Ousterhout; Ongaro's thesis), as a deterministic
 * state machine: inputs are tick(), step(), propose(), readIndex(), transferLeadership();
 * outputs are collected in a Ready. No I/O, no clock, no ambient randomness.
 *
 * Includes pre-vote and check-quorum (thesis §9.6), fast log back-off, batching and
 * pipelining, ReadIndex (thesis §6.4), leadership transfer (thesis §3.10), chunked
 * InstallSnapshot (Raft §7) and single-server membership changes (thesis §4.1).
 *
 * Contract with the driver: ready() hands out at most one Ready at a time; until
 * advance(ready) is called no other method may be called (the driver queues inputs).
 */
export class RaftCore {
  readonly id: NodeId;
  private readonly log: RaftLog;
  private readonly output: ReadyTracker;
  private readonly raft: Raft;

  /** Starts a node from config.storage. Throws RangeError on an invalid config or `applied` outside [snapshot, commit]. */
  constructor(config: RaftConfig) {
    const cfg = resolveConfig(config);
    this.id = cfg.id;
    const { hardState, conf } = cfg.storage.initialState();
    const snapIndex = cfg.storage.snapshot().meta.index;
    if (cfg.applied < snapIndex || cfg.applied > Math.max(hardState.commit, snapIndex)) {
      throw new RangeError(`raft: applied ${cfg.applied} outside [snapshot ${snapIndex}, commit ${hardState.commit}]`);
    }
    this.log = new RaftLog(cfg.storage, Math.max(hardState.commit, snapIndex), cfg.applied);
    // The driver is taken to know the durable hard state and the soft state every core
    // starts in (a follower that knows no leader): the first Ready carries what differs
    // (e.g. the bootstrap).
    this.output = new ReadyTracker(this.log, cfg.maxCommittedBytesPerReady, hardState, { leader: NONE, role: 'follower' });
    this.raft = new Raft(cfg, this.log, this.output, hardState, conf, snapIndex);
  }

  // ---------------------------------------------------------------- inputs

  /** One logical clock tick. */
  tick(): void {
    this.output.assertNoReady();
    this.raft.tick();
  }

  /** Starts an election now, as if the election timeout had elapsed. */
  campaign(): void {
    this.output.assertNoReady();
    this.raft.campaign();
  }

  /** Appends a client command (leader only). */
  propose(data: Uint8Array): ProposeResult {
    this.output.assertNoReady();
    return this.raft.propose(data);
  }

  /**
   * Appends a client command here if this node leads, else forwards it to the leader
   * it knows (a 'prop' message; the leader appends it, or drops it if it cannot take
   * proposals now). The forwarder learns the outcome only from the log.
   */
  forward(data: Uint8Array): ForwardResult {
    this.output.assertNoReady();
    return this.raft.forward(data);
  }

  /** Appends a single-server membership change (thesis §4.1); one at a time. */
  proposeConfChange(change: ConfChange): ProposeResult {
    this.output.assertNoReady();
    return this.raft.proposeConfChange(change);
  }

  /**
   * Asks for a linearizable read barrier (thesis §6.4). `context` must be unique per
   * attempt. The answer comes later as Ready.readStates (serve once applied >= index)
   * or Ready.readFailures (this node lost or changed leader before answering).
   */
  readIndex(context: string): ReadIndexResult {
    this.output.assertNoReady();
    return this.raft.readIndex(context);
  }

  /** Hands leadership to `target` once it is caught up (thesis §3.10). */
  transferLeadership(target: NodeId): TransferResult {
    this.output.assertNoReady();
    return this.raft.transferLeadership(target);
  }

  /** A message from a peer. Messages addressed elsewhere are ignored. */
  step(m: Message): void {
    this.output.assertNoReady();
    this.raft.step(m);
  }

  // ---------------------------------------------------------------- ready / advance

  /** Whether ready() would hand out anything; false while a Ready is outstanding. */
  hasReady(): boolean {
    if (this.output.outstanding) return false;
    return this.raft.sendsDue || this.output.hasOutput() || this.raft.stateChanged();
  }

  /** What the driver must do now; see Ready for the order. */
  ready(): Ready {
    this.output.assertNoReady();
    this.raft.flush();
    return this.output.take(this.raft.hardState(), this.raft.softState());
  }

  /** The driver persisted, sent and applied `rd`: acceptReady(rd) and persisted(rd) at once. */
  advance(rd: Ready): void {
    this.acceptReady(rd);
    this.persisted(rd);
  }

  /**
   * Asynchronous storage (the Raft thesis §10.2.1 pipeline, etcd's async writes): the
   * driver handed rd's snapshot, entries and hard state to storage, sent rd.messages and
   * applied rd.committedEntries, but the write may still be in flight. The core may now
   * produce the next Ready; the driver must keep writes in order, send
   * rd.persistedMessages only once rd's write is durable, and then call persisted(rd).
   */
  acceptReady(rd: Ready): void {
    this.output.accept(rd);
    this.raft.applied(rd.committedEntries);
  }

  /**
   * rd's write is durable. May come after later Readys were handed out; entries that
   * were replaced meanwhile are recognised by their term and ignored.
   */
  persisted(rd: Ready): void {
    this.output.assertNoReady();
    this.output.persisted(rd);
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry) this.raft.persisted(lastEntry);
  }

  // ---------------------------------------------------------------- inspection

  /** Role, term, leader, commit, applied, first/last index, membership; the followers' progress on a leader. */
  status(): Status {
    return this.raft.status();
  }

  /** The highest applied index: status().applied without building the whole status (hot path). */
  appliedIndex(): number {
    return this.log.applied;
  }

  /** The term of the entry at `index` in this node's log (durable or not); undefined if absent. */
  termAt(index: number): number | undefined {
    return this.log.term(index);
  }

  /** Membership as of the applied index: what a snapshot taken now must record. */
  confState(): ConfState {
    return this.raft.confState();
  }
}
