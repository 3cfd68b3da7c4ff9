/**
 * The canonical digest of one block's schedule, which facilities sign for a schedule
 * commitment. It covers the block's id and dates and every assignment in it, and nothing
 * else (no people's names, no other blocks), so it changes exactly when the block's
 * schedule does.
 */
import { createHash } from 'node:crypto';
import { canonicalAssignment, canonicalBlock, canonicalJson, compareBySchedule } from './canonical.ts';
import type { Assignment, Block } from './command.ts';

/** Domain separation: these bytes can never be mistaken for another signed structure. */
export const BLOCK_DIGEST_DOMAIN = 'rosterd-block-digest/1\n';

/**
 * SHA-256 (lowercase hex) over BLOCK_DIGEST_DOMAIN followed by the canonical JSON
 * {"block":{id,start,end},"assignments":[...sorted by facility, pool, person]}.
 * The order of `assignments` as passed in does not matter.
 */
export function blockDigest(block: Block, assignments: readonly Assignment[]): string {
  const body = canonicalJson({
    block: canonicalBlock(block),
    assignments: assignments.map(canonicalAssignment).sort(compareBySchedule),
  });
  return createHash('sha256').update(BLOCK_DIGEST_DOMAIN).update(body).digest('hex');
}
