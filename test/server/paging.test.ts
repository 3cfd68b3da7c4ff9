import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_KEY, toServiceError } from '../../node/errors.ts';
import { MAX_REPLY_BYTES, repeatedMessageSize, takePage, type PageKey } from '../../node/server/paging.ts';

// Paged lists (roster.proto, ListRequest): a fixed order, at most `limit` items after the
// token's key, never more than one reply carries; an unpaged list is whole or refused.

const ids = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(3, '0')}`);
const key = (id: string): PageKey => [id];
const small = (): number => 20;

function pages(items: readonly string[], limit: number, sizeOf: (id: string) => number = small): string[][] {
  const out: string[][] = [];
  let pageToken = '';
  for (let i = 0; i < 1000; i++) {
    const page = takePage(items, key, { limit, pageToken }, sizeOf, 'people');
    out.push(page.items);
    if (page.nextPageToken === '') return out;
    pageToken = page.nextPageToken;
  }
  throw new Error('paging did not end');
}

test('pages of `limit` items cover the list once, in order, and the last page has no token', () => {
  const got = pages(ids, 7);
  assert.deepEqual(got.map((p) => p.length), [7, 7, 7, 7, 7, 7, 7, 1]);
  assert.deepEqual(got.flat(), ids);
});

test('limit 0 returns the whole list in one reply when it fits', () => {
  const page = takePage(ids, key, { limit: 0, pageToken: '' }, small, 'people');
  assert.deepEqual(page.items, ids);
  assert.equal(page.nextPageToken, '');
});

test('a token resumes after its key even when that item is gone, and items added before it are not repeated', () => {
  const first = takePage(ids, key, { limit: 10, pageToken: '' }, small, 'people');
  assert.equal(first.items.at(-1), 'p009');
  const changed = ids.filter((id) => id !== 'p009' && id !== 'p010').concat(['p0095']).sort();
  const next = takePage(changed, key, { limit: 3, pageToken: first.nextPageToken }, small, 'people');
  assert.deepEqual(next.items, ['p0095', 'p011', 'p012']);
});

test('a page ends before MAX_REPLY_BYTES whatever the limit, and says where to go on', () => {
  const big = (): number => 100 * 1024;
  const got = pages(ids, 1000, big);
  const perPage = Math.floor((MAX_REPLY_BYTES - 4096) / (100 * 1024));
  assert.equal(got[0]!.length, perPage);
  assert.deepEqual(got.flat(), ids);
});

test('an unpaged list larger than one reply is refused with reply_too_large, saying how large it is and to page it', () => {
  const big = (): number => 100 * 1024;
  assert.throws(
    () => takePage(ids, key, { limit: 0, pageToken: '' }, big, 'people'),
    (e: unknown) => {
      const s = toServiceError(e);
      assert.equal(s.metadata?.get(ERROR_KEY)[0], 'reply_too_large');
      assert.match(s.details ?? '', /^50 people take 5120000 bytes encoded, more than one reply carries \(4194304 bytes.*set limit/);
      return true;
    },
  );
});

test('a page token this server did not issue is refused with INVALID_ARGUMENT, quoting only a prefix', () => {
  for (const token of ['nonsense!', Buffer.from('["p1","x","y"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url'), 'A'.repeat(5000)]) {
    assert.throws(
      () => takePage(ids, key, { limit: 5, pageToken: token }, small, 'people'),
      (e: unknown) => {
        assert.match(String((e as Error).message), /^page_token: not a token this server issued/);
        assert.ok((e as Error).message.length < 300);
        return true;
      },
    );
  }
});

test('item sizes are their encoded size within the repeated field', () => {
  const size = repeatedMessageSize('rosterd.v1.Person');
  // id (2+2) + name (2+4) + role FACULTY (2) + home (2+1), plus tag and length.
  assert.equal(size({ id: 'p1', name: 'Dr X', role: 'FACULTY', homeFacility: 'A' }), 2 + 15);
});
