/**
 * Which groups of people a contingency experiment takes away at once: every K-subset of
 * the people in scope when there are few enough, else a seeded sample of distinct
 * K-subsets. Pure: the randomness is a seeded generator (mulberry32), so a seed replays
 * the same sample on every node and every run.
 */

/** Subsets are enumerated in full while there are at most this many. */
export const MAX_EXHAUSTIVE_SCENARIOS = 5000;
/** Subsets drawn when there are more than MAX_EXHAUSTIVE_SCENARIOS. */
export const SAMPLED_SCENARIOS = 2000;

/** How the subsets were chosen: all of them, or a seeded sample. */
export type ScenarioMethod = 'exhaustive' | 'sampled';

/** The subsets to check, as sorted index lists into the caller's list of n people. */
export interface ScenarioPlan {
  readonly method: ScenarioMethod;
  /** C(n, k), or Infinity when it exceeds Number.MAX_SAFE_INTEGER. */
  readonly possible: number;
  readonly subsets: readonly (readonly number[])[];
}

/** C(n, k), or Infinity once it passes Number.MAX_SAFE_INTEGER. */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const r = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= r; i++) {
    // c * (n - r + i) / i is an integer at every step (it is C(n - r + i, i)).
    c = (c * (n - r + i)) / i;
    if (c > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return Math.round(c);
}

/** mulberry32: a small seeded generator of floats in [0, 1), the same on every platform. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every k-subset of 0..n-1 in lexicographic order. */
function allSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  if (k === 0 || k > n) return out;
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    out.push([...idx]);
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return out;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/**
 * The k-subsets of n people to check. `maxExhaustive` and `sampleSize` default to
 * MAX_EXHAUSTIVE_SCENARIOS and SAMPLED_SCENARIOS; a sample holds distinct subsets, each
 * drawn by a partial Fisher-Yates shuffle from `seed` (a uint32), sorted by content so
 * the order does not depend on the draw. Throws RangeError unless 0 <= k <= n.
 */
export function planScenarios(n: number, k: number, seed: number, maxExhaustive = MAX_EXHAUSTIVE_SCENARIOS, sampleSize = SAMPLED_SCENARIOS): ScenarioPlan {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(k) || k < 0 || k > n) throw new RangeError(`planScenarios: need 0 <= k <= n (got n ${n}, k ${k})`);
  // Losing nobody is no experiment.
  if (k === 0) return { method: 'exhaustive', possible: 0, subsets: [] };
  const possible = binomial(n, k);
  if (possible <= maxExhaustive) return { method: 'exhaustive', possible, subsets: allSubsets(n, k) };
  const random = mulberry32(seed);
  const seen = new Set<string>();
  const subsets: number[][] = [];
  const pool = Array.from({ length: n }, (_, i) => i);
  const target = Math.min(sampleSize, possible);
  while (subsets.length < target) {
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (n - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const subset = pool.slice(0, k).sort((a, b) => a - b);
    const key = subset.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    subsets.push(subset);
  }
  subsets.sort((a, b) => {
    for (let i = 0; i < k; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  });
  return { method: 'sampled', possible, subsets };
}
