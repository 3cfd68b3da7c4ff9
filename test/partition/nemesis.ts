/**
 * Nemeses: the faults a run injects while the workload runs. Each one loops
 * fault -> hold -> heal -> rest until its deadline, with every choice (victims, timings,
 * netem parameters) drawn from its seeded stream, and logs what it did with timestamps
 * on the history's clock. The runner heals everything again afterwards, whatever a
 * nemesis left behind (healAll). Network faults go through the context's NetworkFaults
 * (iptables in namespaces, or Toxiproxy), node faults through its FaultTarget (the
 * partition suite's processes, or the docker test's containers).
 */
import type { NetworkFaults } from './network-faults.ts';
import { sleep } from './nodes.ts';
import type { SeededRandom } from './rng.ts';

/** What nemeses do to nodes, and how they find the leader. */
export interface FaultTarget {
  readonly ids: readonly string[];
  /** The self-declared leader with the highest term among those answering, or undefined. */
  leader(): Promise<string | undefined>;
  node(id: string): { readonly alive: boolean; readonly paused: boolean };
  /** kill -9, resolved once the node is gone. */
  kill(id: string): Promise<void>;
  start(id: string): void;
  /** SIGSTOP and SIGCONT. */
  pause(id: string): void;
  resume(id: string): void;
}

export interface NemesisContext {
  readonly cluster: FaultTarget;
  readonly net: NetworkFaults;
  readonly rng: SeededRandom;
  /** Milliseconds on the history's clock. */
  now(): number;
  /** Records a fault event for the run's report. */
  log(event: string): void;
}

export interface Nemesis {
  readonly name: string;
  /** What it does, for reports and test names. */
  readonly description: string;
  /** Injects faults until `until` (history clock, ms). May leave faults in place; healAll clears them. */
  run(ctx: NemesisContext, until: number): Promise<void>;
}

/** Most fault cycles a nemesis runs in one call, whatever its timings. */
const MAX_CYCLES = 10_000;

/** Sleeps `ms`, but not past `until`. */
async function hold(ctx: NemesisContext, ms: number, until: number): Promise<void> {
  await sleep(Math.min(ms, until - ctx.now()));
}

/** The leader, or a seeded pick when none is known (elections in progress). */
async function leaderOrAny(ctx: NemesisContext): Promise<string> {
  // Drawn either way, so the stream's position does not depend on timing.
  const fallback = ctx.rng.pick(ctx.cluster.ids);
  return (await ctx.cluster.leader()) ?? fallback;
}

/** Loops `cycle` until `until`, at most MAX_CYCLES times. */
async function cycles(ctx: NemesisContext, until: number, cycle: () => Promise<void>): Promise<void> {
  for (let i = 0; i < MAX_CYCLES && ctx.now() < until - 200; i++) await cycle();
}

/** Cuts the current leader (or a seeded pick while none is known) off from every other node; returns it. */
export async function isolateTheLeader(ctx: NemesisContext): Promise<string> {
  const leader = await leaderOrAny(ctx);
  await ctx.net.isolate(leader);
  ctx.log(`isolate ${leader} (leader)`);
  return leader;
}

/** Cut the current leader off from every other node; heal; repeat. */
export const isolateLeader: Nemesis = {
  name: 'isolate-leader',
  description: 'isolating the leader',
  run: (ctx, until) =>
    cycles(ctx, until, async () => {
      await isolateTheLeader(ctx);
      await hold(ctx, ctx.rng.between(2500, 4000), until);
      await ctx.net.heal();
      ctx.log('heal');
      await hold(ctx, ctx.rng.between(1500, 2500), until);
    }),
};

/** A seeded 2|1 split: one random node alone, the other two together. */
export const splitTwoOne: Nemesis = {
  name: 'split-2-1',
  description: 'a 2|1 split',
  run: (ctx, until) =>
    cycles(ctx, until, async () => {
      const alone = ctx.rng.pick(ctx.cluster.ids);
      await ctx.net.isolate(alone);
      ctx.log(`split ${alone} | ${ctx.cluster.ids.filter((id) => id !== alone).join('')}`);
      await hold(ctx, ctx.rng.between(2500, 4500), until);
      await ctx.net.heal();
      ctx.log('heal');
      await hold(ctx, ctx.rng.between(1500, 2500), until);
    }),
};

/** Cuts y from z, leaving x connected to both (a bridge). The leader, if known, is one of the cut pair. */
async function bridgeOnce(ctx: NemesisContext): Promise<string> {
  const ids = ctx.cluster.ids;
  const leader = await ctx.cluster.leader();
  const bridge = ctx.rng.pick(ids.filter((id) => id !== leader));
  const [y, z] = ids.filter((id) => id !== bridge) as [string, string];
  await ctx.net.cut(y, z);
  return `bridge ${bridge} sees ${y} and ${z}; ${y} and ${z} cut off from each other${leader ? ` (leader ${leader})` : ''}`;
}

/** A bridge node sees both sides while the other two cannot see each other. */
export const bridge: Nemesis = {
  name: 'bridge',
  description: 'a bridge node that sees both sides of a partition',
  run: (ctx, until) =>
    cycles(ctx, until, async () => {
      ctx.log(await bridgeOnce(ctx));
      await hold(ctx, ctx.rng.between(3000, 5000), until);
      await ctx.net.heal();
      ctx.log('heal');
      await hold(ctx, ctx.rng.between(1500, 2500), until);
    }),
};

/** Switches between random partitions (isolated node, bridge, none) every 0.8-3 s. */
export const flapping: Nemesis = {
  name: 'flapping',
  description: 'partitions flapping every few seconds',
  run: (ctx, until) =>
    cycles(ctx, until, async () => {
      await ctx.net.heal();
      const roll = ctx.rng.next();
      if (roll < 0.4) {
        const alone = ctx.rng.pick(ctx.cluster.ids);
        await ctx.net.isolate(alone);
        ctx.log(`flap: isolate ${alone}`);
      } else if (roll < 0.75) {
        ctx.log(`flap: ${await bridgeOnce(ctx)}`);
      } else {
        ctx.log('flap: healed');
      }
      await hold(ctx, ctx.rng.between(800, 3000), until);
    }),
};

/** Latency with jitter, loss and reordering on every node's (or the leader's) outgoing packets. */
export const netem: Nemesis = {
  name: 'netem',
  description: 'latency, packet loss and reordering',
  run: (ctx, until) =>
    cycles(ctx, until, async () => {
      // Up to 150 ms each way: with heartbeats every 50 ms and elections after 300-600 ms,
      // the upper range makes followers time out now and then, so leadership moves too.
      const delayMs = ctx.rng.between(20, 150);
      const spec = {
        delayMs,
        jitterMs: ctx.rng.between(0, Math.floor(delayMs / 2)),
        lossPct: ctx.rng.between(2, 20),
        reorderPct: ctx.rng.between(10, 30),
      };
      const victims = ctx.rng.chance(0.3) ? [await leaderOrAny(ctx)] : ctx.cluster.ids;
      for (const id of victims) await ctx.net.netem(id, spec);
      ctx.log(`netem ${victims.join(',')}: delay ${spec.delayMs}±${spec.jitterMs} ms, loss ${spec.lossPct}%, reorder ${spec.reorderPct}%`);
      await hold(ctx, ctx.rng.between(3000, 6000), until);
      await ctx.net.netemClear();
      ctx.log('netem cleared');
      await hold(ctx, ctx.rng.between(1000, 2000), until);
    }),
};

/** kill -9 of a random node (the leader half the time), restarted 1-3 s later. */
export const killRestart: Nemesis = {
  name: 'kill',
  description: 'kill -9 and restart of random nodes',
  run: (ctx, until) =>
    cycles(ctx, until, async () => {
      const victim = ctx.rng.chance(0.5) ? await leaderOrAny(ctx) : ctx.rng.pick(ctx.cluster.ids);
      await ctx.cluster.kill(victim);
      ctx.log(`kill -9 ${victim}`);
      await hold(ctx, ctx.rng.between(1000, 3000), until);
      ctx.cluster.start(victim);
      ctx.log(`restart ${victim}`);
      // A restart under tsx takes a few seconds; leave time to rejoin before the next kill.
      await hold(ctx, ctx.rng.between(2500, 4000), until);
    }),
};

/** SIGSTOP of the leader for 2-4 s, then SIGCONT: a resumed old leader must not serve stale reads. */
export const pauseLeader: Nemesis = {
  name: 'pause',
  description: 'pausing the leader (SIGSTOP/SIGCONT)',
  run: (ctx, until) =>
    cycles(ctx, until, async () => {
      const leader = await leaderOrAny(ctx);
      ctx.cluster.pause(leader);
      ctx.log(`SIGSTOP ${leader} (leader)`);
      await hold(ctx, ctx.rng.between(2000, 4000), until);
      ctx.cluster.resume(leader);
      ctx.log(`SIGCONT ${leader}`);
      await hold(ctx, ctx.rng.between(1500, 2500), until);
    }),
};

export const NEMESES: readonly Nemesis[] = [isolateLeader, splitTwoOne, bridge, flapping, netem, killRestart, pauseLeader];

/** Each cycle picks one of the other nemeses at random, for a few seconds (soak). */
export const mixed: Nemesis = {
  name: 'mixed',
  description: 'a random mix of every nemesis',
  async run(ctx, until) {
    for (let i = 0; i < MAX_CYCLES && ctx.now() < until - 200; i++) {
      const n = ctx.rng.pick(NEMESES);
      ctx.log(`mixed: ${n.name}`);
      await n.run(ctx, Math.min(until, ctx.now() + ctx.rng.between(5000, 10_000)));
      await healAll(ctx.cluster, ctx.net, ctx.log);
    }
  },
};

export function nemesisByName(name: string): Nemesis {
  const n = [...NEMESES, mixed].find((x) => x.name === name);
  if (n === undefined) throw new Error(`unknown nemesis ${name}; known: ${[...NEMESES, mixed].map((x) => x.name).join(', ')}`);
  return n;
}

/** Ends every fault: partitions healed, netem cleared, paused nodes resumed, dead nodes started. */
export async function healAll(cluster: FaultTarget, net: NetworkFaults, log: (event: string) => void): Promise<void> {
  await net.heal();
  await net.netemClear();
  const actions: string[] = [];
  for (const id of cluster.ids) {
    const n = cluster.node(id);
    if (n.paused) {
      cluster.resume(id);
      actions.push(`SIGCONT ${id}`);
    }
    if (!n.alive) {
      cluster.start(id);
      actions.push(`restart ${id}`);
    }
  }
  log(`heal all${actions.length ? ` (${actions.join(', ')})` : ''}`);
}
