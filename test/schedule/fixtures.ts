/**
 * Builders shared by the schedule tests: a three-facility configuration, command
 * constructors, and a seeded workload generator for the determinism tests.
 */
import { DEFAULT_POOLS } from '../../node/schedule/index.ts';
import type { Assignment, Block, Command, CoverageWrite, Facility, Op, Person, PoolSpec } from '../../node/schedule/index.ts';

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
 * `count` commands drawn from small id sets so that re-adds, conflicts, unknown ids,
 * unassigns of missing assignments, full pools, lock conflicts, stale tokens and expired
 * leases all happen often; some are retries (same request id and command) or reuse a
 * request id for another command; a few are invalid. Timestamps mostly rise by a second
 * but sometimes step back (a new leader with a slower clock). Command i is meant to be
 * applied at log index i + 1, so lock tokens are drawn from recent indexes.
 */
export function randomWorkload(seed: number, count: number): Command[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
  const blocks = ['b0', 'b1', 'b2', 'b3'];
  const facilities = ['fac-a', 'fac-b', 'fac-c', 'fac-x'];
  const pools = ['ICU', 'Clinic', 'Flex', 'OR', 'Nope'];
  const tables: PoolSpec[][] = [
    [{ name: 'ICU', capacity: 2, reserved: 1, borrowLimit: 1, flex: false }, { name: 'Clinic', capacity: 2, reserved: 1, borrowLimit: 1, flex: false }, { name: 'Flex', capacity: 1, reserved: 0, borrowLimit: 0, flex: true }],
    [{ name: 'ICU', capacity: 1, reserved: 1, borrowLimit: 0, flex: false }, { name: 'Flex', capacity: 1, reserved: 1, borrowLimit: 0, flex: true }],
    [{ name: 'OR', capacity: 3, reserved: 1, borrowLimit: 2, flex: false }, { name: 'Flex', capacity: 2, reserved: 0, borrowLimit: 0, flex: true }],
  ];
  const coverageWrite = (id: string, facility: string, wallMs: number, logical: number): CoverageWrite => ({
    id,
    facility,
    stamp: { wallMs, logical },
    reason: pick(['', 'ICU short-handed']),
    op: random() < 0.8 ? { kind: 'cover', assignment: assignment(pick(people), pick(facilities), pick(pools), pick(blocks)) } : { kind: 'uncover', person: pick(people), block: pick(blocks) },
  });
  const commands: Command[] = [];
  const granted: number[] = []; // indexes of acquireLock commands: the tokens they may grant
  let time = 1_000_000;
  for (let i = 0; i < count; i++) {
    const roll = random();
    time += random() < 0.05 ? -3_000 : 1_000;
    const header = { requestId: `s${seed}-${i}`, issuer: pick(facilities.slice(0, 3)), timestampMs: Math.max(0, time) };
    const earlier = commands[Math.floor(random() * commands.length)];
    if (earlier !== undefined && roll < 0.05) {
      // A client retry: the same request id and command, through another leader.
      commands.push({ ...earlier, issuer: header.issuer, timestampMs: header.timestampMs });
      continue;
    }
    if (earlier !== undefined && roll < 0.06) {
      commands.push({ ...earlier, op: { kind: 'unassign', person: pick(people), block: pick(blocks) }, timestampMs: header.timestampMs });
      continue;
    }
    const token = (): number =>
      granted.length > 0 && random() < 0.8 ? (granted[granted.length - 1 - Math.floor(random() * Math.min(3, granted.length))] as number) : Math.max(1, i + 1 - Math.floor(random() * 12));
    const tokens = random() < 0.4 ? { lockTokens: [token()] } : {};
    let op: Op;
    if (roll < 0.15) {
      op = { kind: 'addPerson', person: person(pick(people), { homeFacility: pick(facilities), role: pick(['resident', 'faculty'] as const), name: pick(['Ann', 'Bo']) }) };
    } else if (roll < 0.2) {
      op = { kind: 'addBlock', block: block(pick(blocks), '2025-01-01', pick(['2025-01-28', '2025-02-25'])) };
    } else if (roll < 0.5) {
      commands.push({ ...header, ...tokens, op: { kind: 'assign', assignment: assignment(pick(people), pick(facilities), pick(pools), pick(blocks)) } });
      continue;
    } else if (roll < 0.62) {
      commands.push({ ...header, ...tokens, op: { kind: 'unassign', person: pick(people), block: pick(blocks) } });
      continue;
    } else if (roll < 0.7) {
      commands.push({ ...header, ...tokens, op: { kind: 'exchange', first: { person: pick(people), block: pick(blocks) }, second: { person: pick(people), block: pick(blocks) } } });
      continue;
    } else if (roll < 0.74) {
      const to = (items: readonly string[]): string => (random() < 0.5 ? '' : pick(items));
      const move = { kind: 'move' as const, person: pick(people), block: pick(blocks), toPerson: to(people), toFacility: to(facilities), toPool: to(pools) };
      if (move.toPerson === '' && move.toFacility === '' && move.toPool === '') move.toPool = pick(pools);
      commands.push({ ...header, ...tokens, op: move });
      continue;
    } else if (roll < 0.77) {
      op = { kind: 'setPools', facility: pick(facilities), pools: pick(tables) };
    } else if (roll < 0.84) {
      granted.push(i + 1);
      op = { kind: 'acquireLock', block: pick(blocks), facility: pick(['', ...facilities]), holder: pick(['alice', 'bob']), ttlMs: pick([1_000, 4_000, 30_000]) };
    } else if (roll < 0.88) {
      op = { kind: 'renewLock', block: pick(blocks), facility: pick(['', 'fac-a', 'fac-b']), token: token(), ttlMs: pick([1_000, 10_000]) };
    } else if (roll < 0.92) {
      op = { kind: 'releaseLock', block: pick(blocks), facility: pick(['', 'fac-a', 'fac-b']), token: token() };
    } else if (roll < 0.95) {
      // Emergency coverage through Raft: the write is the request.
      op = { kind: 'coverage', write: coverageWrite(header.requestId, header.issuer, header.timestampMs, Math.floor(random() * 3)) };
    } else if (roll < 0.965) {
      // A journal from a facility that was cut off: writes stamped in the past, some again.
      const facility = pick(facilities.slice(0, 3));
      const writes = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) =>
        coverageWrite(`j${seed}-${random() < 0.2 ? Math.floor(random() * i) : i}-${k}`, facility, Math.max(0, time - Math.floor(random() * 20_000)), Math.floor(random() * 3)),
      );
      op = { kind: 'reconcile', facility, writes: writes.filter((w, k) => writes.findIndex((x) => x.id === w.id) === k) };
    } else if (roll < 0.97) {
      op = { kind: 'resolveConflict', id: random() < 0.5 ? `j${seed}-${Math.floor(random() * i)}-0` : `s${seed}-${Math.floor(random() * i)}`, decision: pick(['accept', 'dismiss'] as const) };
    } else {
      op = { kind: 'addPerson', person: person('bad id') };
    }
    commands.push({ ...header, op });
  }
  return commands;
}

