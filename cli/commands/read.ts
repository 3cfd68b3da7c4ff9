import { CliError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import type { Invocation } from '../invocation.ts';
import type { UnaryMethod } from '../protos.ts';
import type { ReadHeader__Output } from '../../node/wire/generated/rosterd/v1/index.ts';

/**
 * Shared by the reads: `--stale` reads are served by whichever node answers, without a
 * ReadIndex round trip to the leader, so people are told how stale the answer may be;
 * lists are read a page at a time.
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

/** Items a list command asks for per page (the server also ends a page before 4 MiB). */
export const PAGE_SIZE = 1000;

/** The paging fields every list request and reply has (roster.proto, ListRequest). */
interface PagedRequest {
  limit?: number;
  pageToken?: string;
}
interface PagedReply {
  readonly header: ReadHeader__Output | null;
  readonly nextPageToken: string;
}

/**
 * Every item of a paged list: asks for PAGE_SIZE items at a time, passing each reply's
 * next_page_token on, until one comes back empty, all within the invocation's one
 * deadline. Returns the items in order and the last page's read header.
 */
export async function readAllPages<Req extends PagedRequest, Res extends PagedReply, T>(
  invocation: Invocation,
  method: UnaryMethod<Req, Res>,
  request: Omit<Req, keyof PagedRequest>,
  itemsOf: (reply: Res) => readonly T[],
): Promise<{ items: T[]; header: ReadHeader__Output | null }> {
  const items: T[] = [];
  let pageToken = '';
  for (;;) {
    const reply = await invocation.rpc().call(method, { ...request, limit: PAGE_SIZE, pageToken } as Req);
    items.push(...itemsOf(reply));
    if (reply.nextPageToken === '') return { items, header: reply.header };
    if (reply.nextPageToken === pageToken) throw new CliError('INTERNAL', `${method.name}: the server sent the same page token twice`, ExitCode.SERVER_ERROR);
    pageToken = reply.nextPageToken;
  }
}
