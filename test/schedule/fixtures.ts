/**
 * Builders shared by the schedule tests: a three-facility configuration, command
 * constructors, and a seeded workload generator for the determinism tests.
 */
import { DEFAULT_POOLS } from '../../node/schedule/index.ts';
import type { Assignment, Block, Command, Facility, Op, Person } from '../../node/schedule/index.ts';

export const FACILITIES: readonly Facility[] = [
  { id: 'fac-a', name: 'Alpha Army Medical Center', pools: [...DEFAULT_POOLS] },
  { id: 'fac-b', name: 'Bravo Naval Hospital', pools: [...DEFAULT_POOLS] },
  { id: 'fac-c', name: 'Charlie Clinic', pools: ['OR', 'Flex'] },
];

let nextRequest = 0;

/** A command around `op` with a fresh request id. */
export function command(op: Op, overrides: Partial<Omit<Command, 'op'>> = {}): Command {
  nextRequest += 1;
  return { requestId: `req-${nextRequest}`, issuer: 'fac-a', timestampMs: 1_700_000_000_000 + nextRequest, op, ...overrides };
}

export function person(id: string, overrides: Partial<Person> = {}): Person {
  return { id, name: `Dr. ${id}`, role: 'resident', homeFacility: 'fac-a', ...overrides };
}

export function block(id: string, start = '2025-07-01', end = '2025-07-28'): Block {
  return { id, start, end };
}

export function assignment(personId: string, facility: string, pool: string, blockId: string): Assignment {
  return { person: personId, facility, pool, block: blockId };
}

export const addPerson = (p: Person): Command => command({ kind: 'addPerson', person: p });
export const addBlock = (b: Block): Command => command({ kind: 'addBlock', block: b });
export const assign = (a: Assignment): Command => command({ kind: 'assign', assignment: a });
export const unassign = (personId: string, blockId: string): Command =>
  command({ kind: 'unassign', person: personId, block: blockId });

/** mulberry32: a tiny seeded PRNG, so a failing workload is replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` commands drawn from small id sets so that re-adds, conflicts, unknown ids and
 * unassigns of missing assignments all happen often; a few are invalid.
 */
export function randomWorkload(seed: number, count: number): Command[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
  const blocks = ['b0', 'b1', 'b2', 'b3'];
  const facilities = ['fac-a', 'fac-b', 'fac-c', 'fac-x'];
  const pools = ['ICU', 'Clinic', 'Flex', 'OR', 'Nope'];
  const commands: Command[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const header = { requestId: `s${seed}-${i}`, issuer: pick(facilities.slice(0, 3)), timestampMs: 1_000 * i };
    let op: Op;
    if (roll < 0.15) {
      op = { kind: 'addPerson', person: person(pick(people), { homeFacility: pick(facilities), role: pick(['resident', 'faculty'] as const), name: pick(['Ann', 'Bo']) }) };
    } else if (roll < 0.25) {
      op = { kind: 'addBlock', block: block(pick(blocks), '2025-01-01', pick(['2025-01-28', '2025-02-25'])) };
    } else if (roll < 0.7) {
      op = { kind: 'assign', assignment: assignment(pick(people), pick(facilities), pick(pools), pick(blocks)) };
    } else if (roll < 0.97) {
      op = { kind: 'unassign', person: pick(people), block: pick(blocks) };
    } else {
      op = { kind: 'addPerson', person: person('bad id') };
    }
    commands.push({ ...header, op });
  }
  return commands;
}
