// Original file: proto/roster.proto

import type { ReadOptions as _rosterd_v1_ReadOptions, ReadOptions__Output as _rosterd_v1_ReadOptions__Output } from '../../rosterd/v1/ReadOptions.ts';

/**
 * A list read, paged as etcd's Range is with a limit: items come in a fixed order
 * (people and blocks by id), the reply holds at most `limit` of them from after
 * `page_token`, and next_page_token continues where it stopped. Each page is a read of
 * its own: an item added or removed between pages may or may not appear, but none
 * appears twice or out of order.
 * 
 * A reply is at most 4 MiB encoded (gRPC clients' default receive limit): a page may
 * hold fewer than `limit` items to stay under it, and next_page_token says so. With
 * limit 0 (no paging) a list that does not fit is refused with RESOURCE_EXHAUSTED, error
 * key reply_too_large, saying how large it is; page it instead.
 */
export interface ListRequest {
  'read'?: (_rosterd_v1_ReadOptions | null);
  /**
   * Most items in the reply; 0: all of them, if they fit in one reply.
   */
  'limit'?: (number);
  /**
   * Empty: from the first item; else a next_page_token this server issued.
   */
  'pageToken'?: (string);
}

/**
 * A list read, paged as etcd's Range is with a limit: items come in a fixed order
 * (people and blocks by id), the reply holds at most `limit` of them from after
 * `page_token`, and next_page_token continues where it stopped. Each page is a read of
 * its own: an item added or removed between pages may or may not appear, but none
 * appears twice or out of order.
 * 
 * A reply is at most 4 MiB encoded (gRPC clients' default receive limit): a page may
 * hold fewer than `limit` items to stay under it, and next_page_token says so. With
 * limit 0 (no paging) a list that does not fit is refused with RESOURCE_EXHAUSTED, error
 * key reply_too_large, saying how large it is; page it instead.
 */
export interface ListRequest__Output {
  'read': (_rosterd_v1_ReadOptions__Output | null);
  /**
   * Most items in the reply; 0: all of them, if they fit in one reply.
   */
  'limit': (number);
  /**
   * Empty: from the first item; else a next_page_token this server issued.
   */
  'pageToken': (string);
}
