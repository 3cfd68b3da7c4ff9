import { InvalidArgumentError, ReplyTooLargeError } from '../errors.ts';
import { echoInput } from '../schedule/index.ts';
import { clientMessageRoot } from '../wire/utf8-check.ts';

/**
 * Pages of the list reads (roster.proto, ListRequest), as etcd's Range pages with a
 * limit: the items in a fixed order of unique keys, at most `limit` of them after the
 * position a page token names, and never more than one reply can carry. A token is the
 * last key sent, so a page is a read of its own that resumes after it whatever changed
 * in between.
 */

/**
 * Most bytes of one encoded reply: what a gRPC client accepts by default (4 MiB). The
 * server's own send limit is higher (--max-message-bytes x 4), but a reply nobody can
 * receive is no answer.
 */
export const MAX_REPLY_BYTES = 4 * 1024 * 1024;
/** Room a list reply keeps for its header and next_page_token besides its items. */
const REPLY_OVERHEAD_BYTES = 4096;
/** Longest page token accepted: a token holds one key, ids of at most 64 characters. */
const MAX_TOKEN_LENGTH = 1024;
const TOKEN_VERSION = 'p1';

/** A sort key: compared element by element, numbers by value and strings by code unit. */
export type PageKey = readonly (string | number)[];

export interface PageRequest {
  readonly limit: number;
  readonly pageToken: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Empty when nothing follows. */
  readonly nextPageToken: string;
}

export function compareKeys(a: PageKey, b: PageKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function encodeToken(key: PageKey): string {
  return Buffer.from(JSON.stringify([TOKEN_VERSION, ...key])).toString('base64url');
}

/** The key a token names; InvalidArgumentError for anything this server did not issue (a key of `arity` parts, when known). */
function decodeToken(token: string, arity: number | undefined): PageKey {
  const refuse = (): never => {
    throw new InvalidArgumentError(`page_token: not a token this server issued (got ${echoInput(token)}); pass a reply's next_page_token unchanged, or none for the first page`);
  };
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  if (!Array.isArray(parsed) || parsed[0] !== TOKEN_VERSION || parsed.length < 2 || (arity !== undefined && parsed.length !== arity + 1)) return refuse();
  const key = parsed.slice(1) as unknown[];
  if (!key.every((k) => typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k)))) return refuse();
  return key as PageKey;
}

/**
 * One page of `items`, which are sorted by `key` (unique keys): from after the key
 * `request.pageToken` names, at most `request.limit` items (0: no limit), and only as
 * many as fit in MAX_REPLY_BYTES by `sizeOf` (each item's encoded size within its
 * reply). Throws InvalidArgumentError for a bad token, and ReplyTooLargeError when
 * limit is 0 and the rest does not fit: an unpaged list is all of it or nothing.
 */
export function takePage<T>(items: readonly T[], key: (item: T) => PageKey, request: PageRequest, sizeOf: (item: T) => number, what: string): Page<T> {
  let start = 0;
  if (request.pageToken !== '') {
    const after = decodeToken(request.pageToken, items.length > 0 ? key(items[0]!).length : undefined);
    // The first item whose key is greater than the token's.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(key(items[mid]!), after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const budget = MAX_REPLY_BYTES - REPLY_OVERHEAD_BYTES;
  const out: T[] = [];
  let bytes = 0;
  let end = start;
  for (; end < items.length; end++) {
    if (request.limit > 0 && out.length >= request.limit) break;
    const size = sizeOf(items[end]!);
    if (bytes + size > budget) {
      if (request.limit === 0) {
        let total = bytes;
        for (let i = end; i < items.length; i++) total += sizeOf(items[i]!);
        throw new ReplyTooLargeError(
          `${items.length - start} ${what} take ${total} bytes encoded, more than one reply carries (${MAX_REPLY_BYTES} bytes, a gRPC client's default limit); ` +
            'ask for pages: set limit (e.g. 1000) and pass each reply\'s next_page_token as page_token',
        );
      }
      if (out.length === 0) throw new ReplyTooLargeError(`one of the ${what} alone takes ${size} bytes encoded, more than one reply carries (${MAX_REPLY_BYTES} bytes)`);
      break;
    }
    bytes += size;
    out.push(items[end]!);
  }
  const last = out[out.length - 1];
  return { items: out, nextPageToken: end < items.length && last !== undefined ? encodeToken(key(last)) : '' };
}

/** Bytes of a varint holding `n`. */
function varintBytes(n: number): number {
  let bytes = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    bytes++;
  }
  return bytes;
}

/**
 * The size of one element of a repeated field of message type `typeName`
 * (`rosterd.v1.Person`), as the loader's object shape gives it: tag, length and the
 * encoded message.
 */
export function repeatedMessageSize(typeName: string): (item: object) => number {
  const type = clientMessageRoot().lookupType(typeName);
  return (item) => {
    const length = type.encode(type.fromObject(item)).finish().length;
    return 1 + varintBytes(length) + length;
  };
}
