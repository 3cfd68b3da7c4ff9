/**
 * Bulkhead pools: how many people each pool of a facility may hold in one block, so that
 * a surge in one pool cannot starve another (../shared/reference, "Bulkhead Pattern").
 *
 * Every facility has a pool table (PoolSpec, command.ts). For one block and one facility,
 * with n(P) people assigned to pool P:
 *
 *   seats a regular pool P borrows:  b(P) = max(0, n(P) - reserved(P))
 *   seats the flex pool F lends:     L    = sum of b(P) over the regular pools
 *
 *   R1 capacity      n(P) <= capacity(P)                        for every pool P
 *   R2 borrow limit  b(P) <= borrowLimit(P)                     for every regular pool P
 *   R3 flex seats    n(F) + L <= capacity(F)                    (no flex pool: L must be 0)
 *   R4 flex reserve  L <= capacity(F) - reserved(F)             (the flex pool's own seats are never lent)
 *
 * So a pool's first `reserved` people sit in its own seats, which nothing else can use;
 * beyond them it may only grow into the flex pool, up to its borrow limit and while the
 * flex pool has seats it may lend. A surge in ICU therefore reaches at most
 * min(capacity, reserved + borrowLimit) and takes only flex seats: Clinic can always fill
 * its own reserved seats. A pool table is checked by validatePoolTable (validate.ts).
 *
 * An edit is accepted when it makes no rule's excess (how far the block is over the
 * limit) larger than it was before: with a valid state before, that is exactly "every
 * rule holds after". A block that is over a limit (only possible if a node's configured
 * default tables changed) can still be brought down, never pushed further up.
 */
import type { PoolSpec } from './command.ts';

/** The default pool table of a facility whose configuration gives no numbers. */
export const DEFAULT_POOL_TABLE: readonly PoolSpec[] = Object.freeze([
  Object.freeze({ name: 'ICU', capacity: 6, reserved: 5, borrowLimit: 1, flex: false }),
  Object.freeze({ name: 'Clinic', capacity: 8, reserved: 7, borrowLimit: 1, flex: false }),
  Object.freeze({ name: 'Procedures', capacity: 4, reserved: 3, borrowLimit: 1, flex: false }),
  Object.freeze({ name: 'Flex', capacity: 2, reserved: 0, borrowLimit: 0, flex: true }),
]);

/** The pool names of DEFAULT_POOL_TABLE, in order. */
export const DEFAULT_POOLS: readonly string[] = Object.freeze(DEFAULT_POOL_TABLE.map((p) => p.name));

/**
 * Capacity (and reserve) of a pool configured by name only whose name is not in
 * DEFAULT_POOL_TABLE: its own seats only, no borrowing.
 */
export const UNLISTED_POOL_SEATS = 8;

/**
 * The PoolSpec of a pool configured by name only: the default table's entry of that name,
 * else UNLISTED_POOL_SEATS own seats without borrowing.
 */
export function defaultPoolSpec(name: string): PoolSpec {
  const known = DEFAULT_POOL_TABLE.find((p) => p.name === name);
  if (known !== undefined) return known;
  return Object.freeze({ name, capacity: UNLISTED_POOL_SEATS, reserved: UNLISTED_POOL_SEATS, borrowLimit: 0, flex: false });
}

/** People per pool in one block of one facility; a pool not in the map has none. */
export type PoolCounts = ReadonlyMap<string, number>;

/** How one pool of one block stands: its spec, use, and how many more people fit now. */
export interface PoolUsage {
  readonly spec: PoolSpec;
  /** People assigned to the pool. */
  readonly assigned: number;
  /** Flex seats the pool uses (regular pools; 0 for the flex pool). */
  readonly borrowed: number;
  /** Flex seats lent to other pools (the flex pool; 0 for the others). */
  readonly lent: number;
  /** How many more people the pool could take now, by every rule. */
  readonly left: number;
}

/** The amount by which each rule is exceeded; all zero in a valid block. Keys name the rule and pool. */
type Excess = Map<string, number>;

function count(counts: PoolCounts, pool: string): number {
  return counts.get(pool) ?? 0;
}

function flexOf(table: readonly PoolSpec[]): PoolSpec | undefined {
  return table.find((p) => p.flex);
}

function borrowedBy(pool: PoolSpec, counts: PoolCounts): number {
  return pool.flex ? 0 : Math.max(0, count(counts, pool.name) - pool.reserved);
}

function lentTotal(table: readonly PoolSpec[], counts: PoolCounts): number {
  return table.reduce((sum, p) => sum + borrowedBy(p, counts), 0);
}

function excessOf(table: readonly PoolSpec[], counts: PoolCounts): Excess {
  const excess: Excess = new Map();
  for (const pool of table) {
    excess.set(`R1:${pool.name}`, Math.max(0, count(counts, pool.name) - pool.capacity));
    if (!pool.flex) excess.set(`R2:${pool.name}`, Math.max(0, borrowedBy(pool, counts) - pool.borrowLimit));
  }
  const flex = flexOf(table);
  const lent = lentTotal(table, counts);
  const flexCapacity = flex?.capacity ?? 0;
  const flexAssigned = flex === undefined ? 0 : count(counts, flex.name);
  excess.set('R3', Math.max(0, flexAssigned + lent - flexCapacity));
  excess.set('R4', Math.max(0, lent - (flexCapacity - (flex?.reserved ?? 0))));
  return excess;
}

/** Every pool of `table` with its use and room in one block, in table order. */
export function poolUsage(table: readonly PoolSpec[], counts: PoolCounts): PoolUsage[] {
  const flex = flexOf(table);
  const lent = lentTotal(table, counts);
  const flexAssigned = flex === undefined ? 0 : count(counts, flex.name);
  // Flex seats still free, and how many of them may go to other pools.
  const flexFree = Math.max(0, (flex?.capacity ?? 0) - flexAssigned - lent);
  const flexLendable = Math.max(0, Math.min(flexFree, (flex?.capacity ?? 0) - (flex?.reserved ?? 0) - lent));
  return table.map((spec) => {
    const assigned = count(counts, spec.name);
    if (spec.flex) {
      return { spec, assigned, borrowed: 0, lent, left: Math.max(0, Math.min(spec.capacity - assigned, flexFree)) };
    }
    const borrowed = borrowedBy(spec, counts);
    const own = Math.max(0, spec.reserved - assigned);
    const borrowable = Math.max(0, Math.min(spec.borrowLimit - borrowed, flexLendable));
    return { spec, assigned, borrowed, lent: 0, left: Math.max(0, Math.min(spec.capacity - assigned, own + borrowable)) };
  });
}

function summary(table: readonly PoolSpec[], counts: PoolCounts): string {
  return poolUsage(table, counts)
    .map((u) => `${u.spec.name} ${u.left}`)
    .join(', ');
}

/**
 * Checks the bulkhead rules for one block of one facility, given the counts before and
 * after an edit. Returns undefined when the edit is allowed, else a message naming the
 * full pool, the rule and what is left in every pool (before the edit). `where` reads
 * like "at facility A in block b1".
 */
export function checkPoolRules(
  table: readonly PoolSpec[],
  before: PoolCounts,
  after: PoolCounts,
  where: string,
): string | undefined {
  const was = excessOf(table, before);
  const now = excessOf(table, after);
  const left = `left ${where}: ${summary(table, before)}`;
  const flex = flexOf(table);
  for (const pool of table) {
    if ((now.get(`R1:${pool.name}`) ?? 0) > (was.get(`R1:${pool.name}`) ?? 0)) {
      return `pool ${pool.name} is full ${where}: ${count(before, pool.name)} of its capacity ${pool.capacity} assigned (${left})`;
    }
  }
  for (const pool of table) {
    if ((now.get(`R2:${pool.name}`) ?? 0) > (was.get(`R2:${pool.name}`) ?? 0)) {
      return (
        `pool ${pool.name} is full ${where}: its ${pool.reserved} reserved seats are taken and it already borrows ` +
        `${borrowedBy(pool, before)} of the ${pool.borrowLimit} flex seats it may borrow (${left})`
      );
    }
  }
  const borrowers = table.filter((p) => borrowedBy(p, after) > borrowedBy(p, before)).map((p) => p.name);
  const grown = table.filter((p) => count(after, p.name) > count(before, p.name)).map((p) => p.name);
  const who = (borrowers.length > 0 ? borrowers : grown).join(', ') || 'the pool';
  const lent = lentTotal(table, before);
  if ((now.get('R3') ?? 0) > (was.get('R3') ?? 0)) {
    if (flex === undefined) {
      return `pool ${who} is full ${where}: its reserved seats are taken and the facility has no flex pool to borrow from (${left})`;
    }
    const flexAssigned = count(before, flex.name);
    const subject = flex.name === who ? `the flex pool ${flex.name}` : `pool ${who}`;
    return (
      `${subject} is full ${where}: ` +
      `${flex.name === who ? '' : 'its reserved seats are taken and '}the flex pool ${flex.name} has all ${flex.capacity} seats in use ` +
      `(${flexAssigned} assigned to ${flex.name}, ${lent} lent to other pools) (${left})`
    );
  }
  if ((now.get('R4') ?? 0) > (was.get('R4') ?? 0)) {
    const lendable = (flex?.capacity ?? 0) - (flex?.reserved ?? 0);
    return (
      `pool ${who} is full ${where}: its reserved seats are taken and the flex pool ${flex?.name ?? ''} has lent ` +
      `all ${lendable} seats it may lend (${flex?.reserved ?? 0} of its ${flex?.capacity ?? 0} are reserved for itself) (${left})`
    );
  }
  return undefined;
}

/** True when two pool tables are equal, pool for pool and in the same order. */
export function samePoolTable(a: readonly PoolSpec[], b: readonly PoolSpec[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return (
        q !== undefined &&
        p.name === q.name &&
        p.capacity === q.capacity &&
        p.reserved === q.reserved &&
        p.borrowLimit === q.borrowLimit &&
        p.flex === q.flex
      );
    })
  );
}

/**
 * Whether one block of one facility fits `table` as it stands (all four rules, absolute):
 * undefined when it does, else a message naming the first pool or rule it breaks.
 * Pools in `counts` that `table` lacks are the caller's concern.
 */
export function describeOverLimit(table: readonly PoolSpec[], counts: PoolCounts, where: string): string | undefined {
  const excess = excessOf(table, counts);
  for (const pool of table) {
    if ((excess.get(`R1:${pool.name}`) ?? 0) > 0) {
      return `pool ${pool.name} would hold ${count(counts, pool.name)} people ${where}, more than its capacity ${pool.capacity}`;
    }
  }
  for (const pool of table) {
    if ((excess.get(`R2:${pool.name}`) ?? 0) > 0) {
      return (
        `pool ${pool.name} would borrow ${borrowedBy(pool, counts)} flex seats ${where} ` +
        `(${count(counts, pool.name)} people, ${pool.reserved} reserved), more than its borrow limit ${pool.borrowLimit}`
      );
    }
  }
  const flex = flexOf(table);
  if ((excess.get('R3') ?? 0) > 0 || (excess.get('R4') ?? 0) > 0) {
    return (
      `the flex pool ${flex?.name ?? '(none)'} would be over its seats ${where}: ` +
      `${flex === undefined ? 0 : count(counts, flex.name)} assigned to it and ${lentTotal(table, counts)} lent, ` +
      `with ${flex?.capacity ?? 0} seats of which ${flex?.reserved ?? 0} are never lent`
    );
  }
  return undefined;
}
