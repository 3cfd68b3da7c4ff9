import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { ERROR_KEY } from '../../node/errors.ts';
import { MAX_REPLY_BYTES } from '../../node/server/paging.ts';
import { runInProcess } from '../cli/run-cli.ts';
import { Cluster } from './harness.ts';

// Lists larger than one gRPC reply (4 MiB): paged over the wire, read whole by rosterctl
// page by page, and refused honestly when asked for unpaged.

/** 200 characters of three UTF-8 bytes each: the longest name, about 600 bytes encoded. */
const NAME = '語'.repeat(200);
/** Enough such people that one unpaged reply would exceed MAX_REPLY_BYTES. */
const PEOPLE = Math.ceil((MAX_REPLY_BYTES * 1.1) / 600);
const CONCURRENCY = 64;

const idOf = (i: number): string => `p${String(i).padStart(6, '0')}`;

let c: Cluster;
before(async () => {
  c = await Cluster.start({ ids: ['A'] });
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PEOPLE) {
        const i = next++;
        const r = await c.leaderCall('roster', 'AddPerson', { header: { requestId: `add-${i}` }, person: { id: idOf(i), name: NAME, role: 'RESIDENT', homeFacility: 'A' } }, 30_000);
        assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
      }
    }),
  );
});
after(async () => {
  await c?.stop();
});

test(`ListPeople without a limit is refused with reply_too_large when ${PEOPLE} people exceed one reply, naming the size and the remedy`, async () => {
  const r = await c.node('A').call('roster', 'ListPeople', {}, 30_000);
  assert.equal(r.ok, false, 'an unpaged list over 4 MiB was sent whole');
  if (r.ok) return;
  assert.equal(r.error.code, status.RESOURCE_EXHAUSTED, r.error.details);
  assert.equal(r.error.metadata[ERROR_KEY], 'reply_too_large');
  assert.match(r.error.details, new RegExp(`^${PEOPLE} people take \\d+ bytes encoded, more than one reply carries \\(${MAX_REPLY_BYTES} bytes`));
  assert.match(r.error.details, /set limit .* page_token/);
});

test('ListPeople pages cover every person once, in id order, each page under the limit asked for', async () => {
  const seen: string[] = [];
  let pageToken = '';
  for (let pages = 0; pages < 100; pages++) {
    const r = await c.node('A').call('roster', 'ListPeople', { limit: 2500, pageToken }, 30_000);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.ok(r.value.people.length <= 2500);
    seen.push(...r.value.people.map((p: { id: string }) => p.id));
    pageToken = r.value.nextPageToken;
    if (pageToken === '') break;
  }
  assert.equal(pageToken, '', 'paging did not end');
  assert.deepEqual(seen, Array.from({ length: PEOPLE }, (_, i) => idOf(i)));
});

test('rosterctl people list reads every page and prints every person', async () => {
  const r = await runInProcess(['people', 'list', '--json', '--timeout', '60000', '--endpoints', c.node('A').address]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { people: { id: string; name: string }[] };
  assert.equal(doc.people.length, PEOPLE);
  assert.equal(doc.people[0]?.name, NAME);
  assert.equal(doc.people.at(-1)?.id, idOf(PEOPLE - 1));
});
