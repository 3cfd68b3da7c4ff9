/**
 * The cluster's facilities and their pools, as given by configuration. They are not
 * replicated state: every node must be started with the same list (order does not
 * matter), and the machine refuses stored state that refers to a facility or pool the
 * list lacks.
 */
import { checkId, checkName } from './validate.ts';

/** The pools a facility has when its configuration names none. */
export const DEFAULT_POOLS: readonly string[] = Object.freeze(['ICU', 'Clinic', 'Procedures', 'Flex']);

/** One facility (MTF): its id, display name and the pools assignments can be made to. */
export interface Facility {
  readonly id: string;
  readonly name: string;
  readonly pools: readonly string[];
}

/**
 * Checks and freezes a facility list: ids and pool ids must be valid and unique, names
 * valid. Returns frozen copies sorted by id (pools keep their configured order).
 * Throws TypeError naming the offending entry.
 */
export function normalizeFacilities(facilities: readonly Facility[]): readonly Facility[] {
  if (!Array.isArray(facilities)) throw new TypeError('facilities: must be an array');
  const seen = new Set<string>();
  const result: Facility[] = [];
  facilities.forEach((facility, i) => {
    const where = `facilities[${i}]`;
    const invalid = checkId(`${where}.id`, facility?.id) ?? checkName(`${where}.name`, facility?.name);
    if (invalid !== undefined) throw new TypeError(invalid);
    if (seen.has(facility.id)) throw new TypeError(`${where}.id: duplicate facility ${facility.id}`);
    seen.add(facility.id);
    const configured: readonly string[] = facility.pools;
    if (!Array.isArray(configured)) throw new TypeError(`${where}.pools: must be an array`);
    const pools = new Set<string>();
    configured.forEach((pool: string, j: number) => {
      const poolInvalid = checkId(`${where}.pools[${j}]`, pool);
      if (poolInvalid !== undefined) throw new TypeError(poolInvalid);
      if (pools.has(pool)) throw new TypeError(`${where}.pools[${j}]: duplicate pool ${pool}`);
      pools.add(pool);
    });
    result.push(Object.freeze({ id: facility.id, name: facility.name, pools: Object.freeze([...configured]) }));
  });
  result.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Object.freeze(result);
}
