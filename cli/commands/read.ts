import type { Invocation } from '../invocation.ts';
import type { ReadHeader__Output } from '../../node/wire/generated/rosterd/v1/index.ts';

/**
 * Shared by the reads: `--stale` reads are served by whichever node answers, without a
 * ReadIndex round trip to the leader, so people are told how stale the answer may be.
 */

/** The JSON form of a read header (null if the server sent none). */
export function headerJson(header: ReadHeader__Output | null): ReadHeader__Output | null {
  return header === null ? null : { appliedIndex: header.appliedIndex, msSinceLeaderContact: header.msSinceLeaderContact, servedBy: header.servedBy };
}

/** After a --stale read, tells people (on stderr) which node answered and how old its view may be. */
export function noteStaleness(invocation: Invocation, stale: boolean, header: ReadHeader__Output | null): void {
  if (!stale || header === null) return;
  const contact =
    header.msSinceLeaderContact < 0 ? 'it has never heard from a leader' : `it last heard from a leader ${header.msSinceLeaderContact} ms ago`;
  invocation.out.note(`stale read from ${header.servedBy || 'an unnamed node'} at applied index ${header.appliedIndex}; ${contact}`);
}
