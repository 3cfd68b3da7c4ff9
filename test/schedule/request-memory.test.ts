import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestMemory } from '../../node/schedule/requests.ts';

type Rec = Parameters<RequestMemory['add']>[0];
const rec = (id: string, index: number, timeMs: number): Rec => ({ requestId: id, index, timeMs, fingerprint: 'f', result: { ok: true, detail: id } }) as unknown as Rec;

test('the oldest request ids are forgotten first once more than the bound are remembered', () => {
  const m = new RequestMemory({ retentionMs: 1e12, maxRecords: 3 });
  for (let i = 1; i <= 5; i++) {
    m.add(rec(`r${i}`, i, i));
    m.evict(i);
  }
  assert.deepEqual(m.values().map((r) => r.requestId), ['r3', 'r4', 'r5']);
  assert.equal(m.get('r1'), undefined);
});

test('an id forgotten and then applied again is remembered by its new record, in its new place', () => {
  const m = new RequestMemory({ retentionMs: 1e12, maxRecords: 2 });
  m.add(rec('a', 1, 1));
  m.add(rec('b', 2, 2));
  m.add(rec('c', 3, 3));
  assert.deepEqual(m.evict(3).map((r) => r.requestId), ['a']);
  m.add(rec('a', 4, 4)); // a retry after 'a' was forgotten is a new command
  assert.deepEqual(m.evict(4).map((r) => r.requestId), ['b']);
  assert.deepEqual(m.values().map((r) => [r.requestId, r.index]), [['c', 3], ['a', 4]]);
  assert.deepEqual(m.evict(5), []);
});

test('records older than the retention time are forgotten even under the count bound', () => {
  const m = new RequestMemory({ retentionMs: 10, maxRecords: 100 });
  m.add(rec('old', 1, 0));
  m.add(rec('new', 2, 15));
  assert.deepEqual(m.evict(15).map((r) => r.requestId), ['old']);
  assert.deepEqual(m.values().map((r) => r.requestId), ['new']);
});

test('loading records in any order restores log order for eviction', () => {
  const m = new RequestMemory({ retentionMs: 1e12, maxRecords: 2 });
  m.load([rec('z', 3, 3), rec('x', 1, 1), rec('y', 2, 2)]);
  assert.deepEqual(m.evict(3).map((r) => r.requestId), ['x']);
  assert.deepEqual(m.values().map((r) => r.requestId), ['y', 'z']);
});
