/**
 * Random clients, operators and faults for the soak: each step, with the rates of a
 * profile, propose, read, crash, restart, partition, transfer leadership and change the
 * membership. Every choice comes from the cluster's seeded PRNG, so a seed replays.
 */
import type { NodeId } from '../../../node/raft/types.ts';
import type { Cluster } from './cluster.ts';

/** Per-step probabilities of each action. */
export interface WorkloadRates {
  readonly propose: number;
  readonly read: number;
  readonly crash: number;
  /** Crashes aimed at the leader: the Figure 8 recipe (Raft §5.4.2). */
  readonly crashLeader: number;
  /** Per crashed node and step. */
  readonly restart: number;
  readonly partition: number;
  readonly heal: number;
  readonly transfer: number;
  /** Attempts of the next membership step (add learner, promote, remove); 0 disables membership changes. */
  readonly membership: number;
}

/** Steps a removed node keeps running (and possibly disrupting) before it is shut down. */
const RETIRE_AFTER_STEPS = 40;

export class RandomWorkload {
  private nextCmd = 0;
  private nextNodeNumber: number;
  /** Nodes whose removal has been applied somewhere, with the step it was first seen. */
  private readonly removedAt = new Map<NodeId, number>();
  /** Voters the membership changes return to (added nodes replace removed ones). */
  private readonly targetVoters: number;
  readonly counts = { proposals: 0, reads: 0, crashes: 0, partitions: 0, transfers: 0, confChanges: 0 };

  constructor(
    private readonly c: Cluster,
    private readonly rates: WorkloadRates,
  ) {
    this.targetVoters = c.ids().length;
    this.nextNodeNumber = this.targetVoters + 1;
  }

  private chance(p: number): boolean {
    return p > 0 && this.c.rng.next() < p;
  }

  private pick<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : xs[this.c.rng.intn(xs.length)];
  }

  /** Client traffic only: proposals and reads. */
  clients(): void {
    const c = this.c;
    if (this.chance(this.rates.propose)) {
      // Clients find the leader most of the time, and sometimes knock on a follower.
      const via = this.chance(0.9) ? c.believedLeader()?.id : this.pick(c.alive().map((n) => n.id));
      // A client at a follower either gets redirected (propose) or has the follower pass
      // its write on to the leader (forward, etcd's MsgProp).
      if (via !== undefined && via !== c.believedLeader()?.id && this.chance(0.5)) c.forward(`c${this.nextCmd++}`, via);
      else c.propose(`c${this.nextCmd++}`, via);
      this.counts.proposals++;
    }
    if (this.chance(this.rates.read)) {
      const n = this.chance(0.7) ? c.believedLeader() : this.pick(c.alive());
      if (n) {
        c.readIndex(n.id);
        this.counts.reads++;
      }
    }
  }

  /** Faults and operator actions. */
  chaos(): void {
    const c = this.c;
    const live = c.ids().filter((id) => !c.retired.has(id));
    if (this.chance(this.rates.crash)) {
      const victim = this.pick(c.alive().map((n) => n.id));
      if (victim) {
        c.crash(victim);
        this.counts.crashes++;
      }
    }
    if (this.chance(this.rates.crashLeader)) {
      const l = c.believedLeader();
      if (l) {
        c.crash(l.id);
        this.counts.crashes++;
      }
    }
    for (const id of live) if (!c.node(id).alive && this.chance(this.rates.restart)) c.restart(id);
    if (this.chance(this.rates.partition)) this.partition(live);
    else if (this.chance(this.rates.heal)) c.heal();
    if (this.chance(this.rates.transfer)) {
      const l = c.believedLeader();
      const to = l?.core ? this.pick(l.core.status().conf.voters.filter((v) => v !== l.id)) : undefined;
      if (l && to) {
        c.transferLeadership(l.id, to);
        this.counts.transfers++;
      }
    }
    if (this.chance(this.rates.membership)) this.membershipStep();
    for (const [id, at] of this.removedAt) {
      if (c.now() - at >= RETIRE_AFTER_STEPS && !c.retired.has(id)) c.retire(id);
    }
  }

  private partition(live: NodeId[]): void {
    const c = this.c;
    this.counts.partitions++;
    const kind = c.rng.intn(3);
    if (kind === 0) {
      const id = this.pick(live);
      if (id) c.isolate(id);
    } else if (kind === 1) {
      const shuffled = [...live];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = c.rng.intn(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const cut = 1 + c.rng.intn(Math.max(1, shuffled.length - 1));
      c.split(shuffled.slice(0, cut), shuffled.slice(cut));
    } else {
      // One-way loss: a hears b but b never hears a (the asymmetric partitions real networks have).
      const a = this.pick(live);
      const b = this.pick(live.filter((x) => x !== a));
      if (a && b) {
        c.log(`block ${a} -> ${b}`);
        c.net.block(a, b);
      }
    }
  }

  /** One step toward the membership cycle: add a learner, promote it, remove a voter. */
  private membershipStep(): void {
    const c = this.c;
    const l = c.believedLeader();
    if (!l?.core) return;
    const conf = l.core.status().conf;
    const counted = (r: { ok: boolean }): void => {
      if (r.ok) this.counts.confChanges++;
    };
    if (conf.learners.length > 0) {
      c.proposeConfChange({ kind: 'promote', node: conf.learners[0]! }, l.id, counted);
    } else if (conf.voters.length > this.targetVoters) {
      const victim = this.pick(conf.voters);
      if (victim) c.proposeConfChange({ kind: 'remove', node: victim }, l.id, counted);
    } else {
      const id = `n${this.nextNodeNumber++}`;
      // The new node boots as soon as its addition is in the leader's log, so it is there
      // to receive the first AppendEntries.
      c.proposeConfChange({ kind: 'addLearner', node: id }, l.id, (r) => {
        counted(r);
        if (r.ok) c.addNode(id);
      });
    }
  }

  /** The cluster reports every applied removal here; the node is shut down a little later. */
  noteRemoved(id: NodeId): void {
    if (!this.removedAt.has(id)) this.removedAt.set(id, this.c.now());
  }
}
