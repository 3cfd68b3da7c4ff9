/**
 * How many facilities must sign a schedule commitment. With n facilities, f =
 * floor((n-1)/3) of them may lie and still be outvoted (n >= 3f+1), and a commitment
 * needs q = max(2f+1, floor(n/2)+1) signatures on one digest: never fewer than a
 * majority, so no facility (n = 3: q = 2) ever finalizes alone. For n = 3, f = 0: a
 * lying facility cannot block or forge a commitment by itself and is caught with its
 * signature as proof, but that is detection, not Byzantine fault tolerance.
 */

/** Lying facilities the rule tolerates: floor((n-1)/3). */
export function faultsTolerated(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`faultsTolerated: n must be a positive integer (got ${n})`);
  return Math.floor((n - 1) / 3);
}

/** Signatures a commitment needs among n facilities: max(2f+1, floor(n/2)+1). */
export function commitQuorum(n: number): number {
  return Math.max(2 * faultsTolerated(n) + 1, Math.floor(n / 2) + 1);
}
