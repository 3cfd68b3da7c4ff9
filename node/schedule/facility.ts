/**
 * The cluster's facilities and their default pool tables, as given by configuration.
 * They are not replicated state: every node must be started with the same list (order
 * does not matter). A facility's pool table can be replaced at run time by a replicated
 * `setPools` command, which then overrides the configured default (machine.ts).
 */
import { DEFAULT_POOLS, defaultPoolSpec } from './pools.ts';
import { checkId, checkName, validatePoolTable } from './validate.ts';
import type { PoolSpec } from './command.ts';

export { DEFAULT_POOLS };

/**
 * One facility (MTF): its id, display name and its default pools. A pool given by name
 * only takes defaultPoolSpec(name) (pools.ts): the numbers of DEFAULT_POOL_TABLE for
 * ICU, Clinic, Procedures and Flex.
 */
export interface Facility {
  readonly id: string;
  readonly name: string;
  readonly pools: readonly (string | PoolSpec)[];
}

/** A facility as the machine holds it: every pool with its numbers. */
export interface FacilityConfig {
  readonly id: string;
  readonly name: string;
  readonly pools: readonly PoolSpec[];
}

/**
 * Checks and freezes a facility list: ids must be valid and unique, names valid, and
 * the pool table valid (validatePoolTable). Returns frozen copies sorted by id (pools
 * keep their configured order). Throws TypeError naming the offending entry.
 */
export function normalizeFacilities(facilities: readonly Facility[]): readonly FacilityConfig[] {
  if (!Array.isArray(facilities)) throw new TypeError('facilities: must be an array');
  const seen = new Set<string>();
  const result: FacilityConfig[] = [];
  facilities.forEach((facility, i) => {
    const where = `facilities[${i}]`;
    const invalid = checkId(`${where}.id`, facility?.id) ?? checkName(`${where}.name`, facility?.name);
    if (invalid !== undefined) throw new TypeError(invalid);
    if (seen.has(facility.id)) throw new TypeError(`${where}.id: duplicate facility ${facility.id}`);
    seen.add(facility.id);
    const configured: readonly (string | PoolSpec)[] = facility.pools;
    if (!Array.isArray(configured)) throw new TypeError(`${where}.pools: must be an array`);
    const pools = configured.map((pool: string | PoolSpec, j: number) => {
      if (typeof pool !== 'string') return pool;
      const poolInvalid = checkId(`${where}.pools[${j}]`, pool);
      if (poolInvalid !== undefined) throw new TypeError(poolInvalid);
      return defaultPoolSpec(pool);
    });
    const tableInvalid = validatePoolTable(pools, `${where}.pools`);
    if (tableInvalid !== undefined) throw new TypeError(tableInvalid);
    result.push(
      Object.freeze({
        id: facility.id,
        name: facility.name,
        pools: Object.freeze(pools.map((p) => Object.freeze({ name: p.name, capacity: p.capacity, reserved: p.reserved, borrowLimit: p.borrowLimit, flex: p.flex }))),
      }),
    );
  });
  result.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Object.freeze(result);
}
