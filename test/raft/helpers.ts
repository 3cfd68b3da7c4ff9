/**
 * Small helpers shared by the Raft scenario tests (the harness itself is in ./sim/).
 */
import assert from 'node:assert/strict';
import type { NodeId } from '../../node/raft/types.ts';
import type { Cluster } from './sim/cluster.ts';

/** Default election timeout of the core, in ticks (= steps in the simulation). */
export const ELECTION_TICKS = 10;

/**
 * Runs a randomized scenario once per seed; a failure names the seed that produced it
 * (the harness is deterministic, so re-running that seed reproduces it exactly).
 */
export function forEachSeed(seeds: readonly number[], body: (seed: number) => void): void {
  for (const seed of seeds) {
    try {
      body(seed);
    } catch (err) {
      if (err instanceof Error && !err.message.includes(`seed ${seed}`)) err.message = `[seed ${seed}] ${err.message}`;
      throw err;
    }
  }
}

/** Current term of every live node. */
export function terms(c: Cluster): Map<NodeId, number> {
  return new Map(c.alive().map((n) => [n.id, n.core!.status().term]));
}

/** Live nodes that currently believe they lead. */
export function leaders(c: Cluster): NodeId[] {
  return c.alive().filter((n) => n.core!.status().role === 'leader').map((n) => n.id);
}

/** Asserts that every listed node has applied exactly `cmds`, in order. */
export function assertApplied(c: Cluster, ids: readonly NodeId[], cmds: readonly string[]): void {
  for (const id of ids) assert.deepEqual(c.node(id).sm.commands, cmds, `commands applied by ${id}`);
}

/** Steps until every listed node has applied `count` commands. */
export function waitApplied(c: Cluster, ids: readonly NodeId[], count: number, maxSteps = 500): void {
  c.runUntil(() => ids.every((id) => c.node(id).sm.commands.length >= count), maxSteps, `${count} commands applied on ${ids.join(',')}`);
}

/** The other ids of the cluster. */
export function others(c: Cluster, ...not: NodeId[]): NodeId[] {
  return c.ids().filter((id) => !not.includes(id));
}
