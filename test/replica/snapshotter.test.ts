import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { ManualClock } from '../../node/clock/manual-clock.ts';
import type { Entry, Snapshot } from '../../node/raft/types.ts';
import { Snapshotter } from '../../node/replica/snapshotter.ts';
import { WritePipeline } from '../../node/replica/write-pipeline.ts';
import type { ReplicatedMachine } from '../../node/replica/replicated-machine.ts';
import type { Completion, DurableLog, ImageRef, PersistOutcome } from '../../node/storage/durable-log.ts';

const conf = { voters: ['A'], learners: [] };
const e = (index: number): Entry => ({ type: 'normal', index, term: 1, data: new Uint8Array([index]) });

/** A machine whose image is `bytes`, encoded in two slices. */
function machine(bytes: Uint8Array): ReplicatedMachine {
  return {
    apply: () => undefined,
    snapshotSlices: function* () {
      yield;
      return bytes;
    },
  } as unknown as ReplicatedMachine;
}

/**
 * A storage whose every write waits until the test completes it, recording the order
 * in which calls start and complete.
 */
function heldStorage() {
  const events: string[] = [];
  const held = new Map<string, () => void>();
  let snapshot: Snapshot = { meta: { index: 0, term: 0, conf }, data: new Uint8Array() };
  const storage = {
    snapshot: () => snapshot,
    firstIndex: () => snapshot.meta.index + 1,
    write(b: { entries: readonly Entry[] }, done: Completion<PersistOutcome>) {
      const name = `write ${b.entries.map((x) => x.index).join(',')}`;
      events.push(`start ${name}`);
      held.set(name, () => {
        events.push(`done ${name}`);
        done({ ok: true, value: { synced: true, written: true } });
      });
    },
    writeImage(index: number, term: number, data: Uint8Array, done: Completion<ImageRef>) {
      events.push(`start image ${index}`);
      held.set('image', () => {
        events.push(`done image ${index}`);
        done({ ok: true, value: { index, term, file: `img-${index}`, bytes: data.length, sha256: new Uint8Array(32) } });
      });
    },
    writeSnapshot(image: ImageRef, c: typeof conf, data: Uint8Array, _compactTo: number, done: Completion<Snapshot>) {
      events.push(`start record ${image.file}`);
      held.set('record', () => {
        events.push(`done record ${image.file}`);
        snapshot = { meta: { index: image.index, term: image.term, conf: c }, data };
        done({ ok: true, value: snapshot });
      });
    },
  };
  const release = (name: string): void => {
    const f = held.get(name);
    assert.ok(f, `${name} was started (events: ${events.join('; ')})`);
    held.delete(name);
    f();
  };
  return { storage: storage as unknown as DurableLog, events, release };
}

test('client writes queued while a snapshot image is being written complete without waiting for it; the record follows them in order', () => {
  const clock = new ManualClock();
  const scope = clock.scope();
  const { storage, events, release } = heldStorage();
  const pipeline = new WritePipeline({ storage, monotonicMs: () => 0, observe: () => {}, fail: (err) => assert.fail(err) });
  const snapshots = new Snapshotter({
    storage,
    pipeline,
    termAt: () => 1,
    clock: scope,
    log: pino({ level: 'silent' }),
    snapshotEntries: 1,
    keepEntries: 0,
    stopping: () => false,
  });
  const durable: number[] = [];
  let taken: number | undefined;
  pipeline.enqueue({ entries: [e(5)] }, () => durable.push(5));
  snapshots.take(machine(new Uint8Array(1000)), 5, conf, (r) => {
    assert.ok(r.ok);
    taken = r.value.index;
  });
  clock.runDeferred();
  assert.deepEqual(events, ['start write 5', 'start image 5']);
  pipeline.enqueue({ entries: [e(6)] }, () => durable.push(6));
  release('write 5');
  // The image is still being written; the write queued after it goes to disk and completes.
  assert.deepEqual(events.slice(2), ['done write 5', 'start write 6']);
  release('write 6');
  assert.deepEqual(durable, [5, 6]);
  pipeline.enqueue({ entries: [e(7)] }, () => durable.push(7));
  release('image');
  // The record waits its turn behind the write queued before the image was done.
  assert.deepEqual(events.slice(4), ['done write 6', 'start write 7', 'done image 5']);
  release('write 7');
  assert.deepEqual(events.slice(7), ['done write 7', 'start record img-5']);
  assert.equal(taken, undefined, 'not taken before the record is durable');
  release('record');
  assert.equal(taken, 5);
  assert.equal(snapshots.snapshotIndex, 5);
});

test('an image finished while the node is stopping is not recorded', () => {
  const clock = new ManualClock();
  const { storage, events, release } = heldStorage();
  const pipeline = new WritePipeline({ storage, monotonicMs: () => 0, observe: () => {}, fail: (err) => assert.fail(err) });
  let stopping = false;
  const snapshots = new Snapshotter({
    storage,
    pipeline,
    termAt: () => 1,
    clock: clock.scope(),
    log: pino({ level: 'silent' }),
    snapshotEntries: 1,
    keepEntries: 0,
    stopping: () => stopping,
  });
  let bytes: number | undefined;
  snapshots.take(machine(new Uint8Array(10)), 3, conf, (r) => {
    assert.ok(r.ok);
    bytes = r.value.bytes;
  });
  clock.runDeferred();
  stopping = true;
  release('image');
  assert.equal(bytes, 0);
  assert.deepEqual(events, ['start image 3', 'done image 3']);
  assert.equal(pipeline.pending(), 0);
});
