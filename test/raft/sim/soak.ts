/**
 * The randomized soak: a seed picks a profile (network faults, disk latency, Raft
 * tunables, fault rates, membership changes on or off), then drives a cluster for a
 * number of steps under a random schedule, and finally heals everything and checks that
 * the cluster converges without losing an acknowledged write. The safety checker runs
 * after every step throughout. (seed, steps, nodes) fully determine a run.
 */
import { SeededRandom } from '../../../node/raft/rand.ts';
import { Cluster } from './cluster.ts';
import type { Message } from '../../../node/raft/types.ts';
import type { NetworkFaults } from './network.ts';
import type { RaftTunables } from './node.ts';
import { RandomWorkload, type WorkloadRates } from './workload.ts';

export interface SoakOptions {
  readonly seed: number;
  readonly steps: number;
  /** Initial voters: 3 or 5. */
  readonly nodes: number;
  readonly log?: (line: string) => void;
  /** Also log every message sent, delivered or dropped (needs `log`). */
  readonly trace?: boolean;
}

export interface SoakProfile {
  readonly faults: NetworkFaults;
  readonly diskLatencySteps: readonly [number, number];
  readonly snapshotEvery: number;
  readonly snapshotKeep: number;
  readonly raft: RaftTunables;
  readonly rates: WorkloadRates;
  /** Every `period` steps, the last `calm` are free of new faults, so the cluster makes progress. */
  readonly period: number;
  readonly calm: number;
}

export const DEFAULT_SOAK_STEPS = 3000;
/** Steps allowed for convergence after the final heal. */
const CONVERGE_STEPS = 3000;

/** The command that replays a soak run exactly. */
export function replayCommand(o: Pick<SoakOptions, 'seed' | 'steps' | 'nodes'>): string {
  return `npm run sim -- --seed ${o.seed} --steps ${o.steps} --nodes ${o.nodes}`;
}

const NET_PROFILES: readonly NetworkFaults[] = [
  { dropRate: 0, dupRate: 0, minDelaySteps: 1, maxDelaySteps: 1, longDelayRate: 0, longDelaySteps: 0 },
  { dropRate: 0.02, dupRate: 0.02, minDelaySteps: 1, maxDelaySteps: 2, longDelayRate: 0, longDelaySteps: 0 },
  { dropRate: 0.1, dupRate: 0.05, minDelaySteps: 1, maxDelaySteps: 3, longDelayRate: 0.01, longDelaySteps: 20 },
  { dropRate: 0.2, dupRate: 0.1, minDelaySteps: 1, maxDelaySteps: 5, longDelayRate: 0.03, longDelaySteps: 30 },
];

/** Derives the profile from the seed alone (its own PRNG, so the run's stream is untouched). */
export function soakProfile(seed: number): SoakProfile {
  const r = new SeededRandom((seed ^ 0x5eed5eed) >>> 0);
  const pick = <T>(xs: readonly T[]): T => xs[r.intn(xs.length)]!;
  const disk = pick<readonly [number, number]>([[0, 0], [0, 0], [1, 1], [0, 3], [0, 8]]);
  const raft: RaftTunables = {
    electionTicks: 10,
    heartbeatTicks: pick([1, 1, 2]),
    snapshotChunkBytes: pick([1 << 20, 512, 64]),
    maxMessageBytes: pick([1 << 20, 1 << 20, 200]),
    maxInflightMessages: pick([256, 8, 1]),
    preVote: r.next() < 0.85,
    checkQuorum: r.next() < 0.85,
    maxPromoteLagEntries: pick([64, 8]),
  };
  return {
    faults: pick(NET_PROFILES),
    diskLatencySteps: disk,
    snapshotEvery: pick([0, 8, 25, 60]),
    snapshotKeep: pick([0, 3, 20]),
    raft,
    rates: {
      propose: pick([0.1, 0.3, 0.6]),
      read: 0.03,
      crash: pick([0, 0.002, 0.005]),
      crashLeader: pick([0, 0, 0.003, 0.01]),
      restart: pick([0.01, 0.04, 0.1]),
      partition: pick([0, 0.002, 0.006]),
      heal: pick([0.01, 0.03]),
      transfer: pick([0, 0.002]),
      membership: r.next() < 0.3 ? 0.02 : 0,
    },
    period: 500,
    calm: 150,
  };
}

export interface SoakResult {
  readonly cluster: Cluster;
  readonly profile: SoakProfile;
  readonly workload: RandomWorkload;
}

/** Runs one soak; throws SafetyViolation or LivenessFailure (both quoting the replay command). */
export function runSoak(o: SoakOptions): SoakResult {
  const profile = soakProfile(o.seed);
  const cluster = new Cluster({
    seed: o.seed,
    voters: o.nodes,
    raft: profile.raft,
    faults: profile.faults,
    diskLatencySteps: profile.diskLatencySteps,
    snapshotEvery: profile.snapshotEvery,
    snapshotKeep: profile.snapshotKeep,
    replay: replayCommand(o),
    ...(o.log ? { log: o.log } : {}),
  });
  if (o.trace && o.log) {
    const log = o.log;
    cluster.net.tap((m, e) => log(`[${String(cluster.now()).padStart(5)}] ${e.padEnd(7)} ${describe(m)}`));
  }
  const workload = new RandomWorkload(cluster, profile.rates);
  cluster.onConfApplied = (cc) => {
    if (cc.kind === 'remove') workload.noteRemoved(cc.node);
  };
  for (let i = 0; i < o.steps; i++) {
    const phase = i % profile.period;
    if (phase < profile.period - profile.calm) {
      workload.chaos();
    } else if (phase === profile.period - profile.calm) {
      // A calm window: heal and restart, so that the cluster recovers (and lagging nodes
      // catch up, often by snapshot) before the next storm.
      cluster.heal();
      for (const id of cluster.ids()) if (!cluster.retired.has(id)) cluster.restart(id);
    }
    workload.clients();
    cluster.step();
  }
  cluster.converge(CONVERGE_STEPS);
  return { cluster, profile, workload };
}

/** One line per message, without payload bytes. */
function describe(m: Message): string {
  const head = `${m.type} ${m.from}->${m.to} t${m.term}`;
  switch (m.type) {
    case 'app':
      return `${head} prev (${m.index},${m.logTerm}) entries [${m.entries.map((e) => `${e.index}/${e.term}`).join(' ')}] commit ${m.commit}`;
    case 'appResp':
      return `${head} index ${m.index}${m.reject ? ` REJECT hint (${m.hintIndex},${m.hintTerm})` : ''}`;
    case 'snap':
      return `${head} image (${m.meta.index},${m.meta.term}) bytes ${m.offset}+${m.data.length}/${m.totalBytes}${m.done ? ' done' : ''}`;
    case 'snapResp':
      return `${head} image ${m.index} offset ${m.offset}`;
    case 'vote':
    case 'preVote':
      return `${head} last (${m.index},${m.logTerm})${m.transfer ? ' transfer' : ''}`;
    case 'voteResp':
    case 'preVoteResp':
      return `${head}${m.reject ? ' REJECT' : ' granted'}`;
    case 'heartbeat':
      return `${head} commit ${m.commit}${m.context ? ` ctx ${m.context}` : ''}`;
    case 'readIndexResp':
      return `${head} index ${m.index} ctx ${m.context}${m.reject ? ' REJECT' : ''}`;
    default:
      return head;
  }
}
