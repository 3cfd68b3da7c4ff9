import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../node/clock/manual-clock.ts';
import { MemoryStorage } from '../../node/raft/storage.ts';
import type { Entry } from '../../node/raft/types.ts';
import { MemoryDurableLog } from '../../node/storage/memory-durable-log.ts';
import type { ImageRef } from '../../node/storage/durable-log.ts';

const conf = { voters: ['A'], learners: [] };
const e = (index: number): Entry => ({ type: 'normal', index, term: 1, data: new Uint8Array([index]) });

test('the in-memory twin writes an image beside the log: a log write started after it may complete first, and the snapshot needs the image', () => {
  const clock = new ManualClock();
  const disk = new MemoryStorage(conf);
  const latencies = [50, 50, 5, 5];
  const log = new MemoryDurableLog({ disk, clock: clock.scope(), latencyMs: () => latencies.shift() ?? 5 });
  const order: string[] = [];
  let image: ImageRef | undefined;
  log.write({ entries: [e(1), e(2)] }, () => order.push('write 1-2'));
  clock.runDeferred();
  clock.advance(50);
  const data = new Uint8Array([9, 9]);
  log.writeImage(2, 1, data, (r) => {
    assert.ok(r.ok);
    image = r.value;
    order.push('image 2');
  });
  log.write({ entries: [e(3)] }, () => order.push('write 3'));
  assert.equal(log.pendingWrites(), 2);
  clock.advance(5);
  assert.deepEqual(order, ['write 1-2', 'write 3']);
  assert.equal(log.snapshot().meta.index, 0, 'an image is not the snapshot');
  clock.advance(50);
  assert.deepEqual(order, ['write 1-2', 'write 3', 'image 2']);
  let recorded: number | undefined;
  log.writeSnapshot(image!, conf, data, 2, (r) => {
    assert.ok(r.ok);
    recorded = r.value.meta.index;
  });
  clock.advance(5);
  assert.equal(recorded, 2);
  assert.deepEqual(log.snapshot().data, data);
  assert.equal(log.firstIndex(), 3);
});

test('the in-memory twin refuses to record a snapshot whose image it never wrote', () => {
  const clock = new ManualClock();
  const disk = new MemoryStorage(conf);
  disk.append([e(1), e(2)]);
  const log = new MemoryDurableLog({ disk, clock: clock.scope() });
  let error: string | undefined;
  log.writeSnapshot({ index: 2, term: 1, file: 'snap-0000000000000002-0000000000000001.img', bytes: 0, sha256: new Uint8Array(32) }, conf, new Uint8Array(), 2, (r) => {
    error = r.ok ? undefined : r.error.message;
  });
  clock.runDeferred();
  assert.match(error ?? '', /its image snap-0000000000000002-0000000000000001.img was never written/);
  assert.equal(disk.snapshot().meta.index, 0);
});
