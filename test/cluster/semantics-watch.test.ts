import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { clientPackageDefinition } from '../../node/server/protos.ts';
import { Cluster, ROOT, sleep, waitFor, type CallResult } from './harness.ts';

// The Watch stream on real nodes: changes of one block arrive in log order; a client that
// reconnects (to the same or another node, also after the node serving it was killed)
// with from_index = last seen + 1 gets every change exactly once; a from_index that log
// compaction removed is reported as OUT_OF_RANGE with the first index still available.

const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as unknown as {
  rosterd: { v1: { Roster: new (address: string, creds: grpc.ChannelCredentials) => grpc.Client & Record<string, Function> } };
};

interface Change {
  index: number;
  kind: string;
  added: { person: string; block: string }[];
  removed: { person: string; block: string }[];
}

/** A Watch stream collecting changes and the resume point (last change or progress + 1). */
class Watcher {
  readonly changes: Change[] = [];
  next: number;
  error: grpc.ServiceError | undefined;
  private readonly client: grpc.Client & Record<string, Function>;
  private readonly call: grpc.ClientReadableStream<{ change?: Change; progress?: { index: number } }>;

  constructor(address: string, request: { block?: string; facility?: string; fromIndex?: number }) {
    this.next = request.fromIndex ?? 0;
    this.client = new pkg.rosterd.v1.Roster(address, grpc.credentials.createInsecure());
    this.call = this.client['Watch']!(request);
    this.call.on('data', (e: { change?: Change; progress?: { index: number } }) => {
      if (e.change) {
        this.changes.push(e.change);
        this.next = e.change.index + 1;
      } else if (e.progress) this.next = Math.max(this.next, e.progress.index + 1);
    });
    this.call.on('error', (e: grpc.ServiceError) => {
      this.error = e;
    });
  }

  async until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`${what} (have ${this.changes.map((c) => c.index).join(',')}; error ${this.error?.message ?? 'none'})`);
      await sleep(25);
    }
  }

  close(): void {
    this.call.cancel();
    this.client.close();
  }
}

async function write(c: Cluster, method: string, req: unknown): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r: CallResult = await c.leaderCall('roster', method, req, 8000);
    if (r.ok) return r.value.index as number;
    assert.ok(Date.now() < deadline && (r.error.code === grpc.status.UNAVAILABLE || r.error.code === grpc.status.DEADLINE_EXCEEDED || r.error.metadata['x-roster-error'] === 'not_leader'), `${method}: ${JSON.stringify(r.error)}`);
    await sleep(100);
  }
}

/** A stream of edits to block b1 (and noise in b2); returns the indexes of the b1 edits, in order. */
async function edits(c: Cluster, from: number, count: number): Promise<number[]> {
  const indexes: number[] = [];
  for (let i = from; i < from + count; i++) {
    const p = `p${i}`;
    await write(c, 'AddPerson', { header: { requestId: `add-${p}` }, person: { id: p, name: `Dr ${p}`, role: 'RESIDENT', homeFacility: 'A' } });
    // Spread over facilities and pools so that the bulkheads never refuse (at most 4 per facility).
    const facility = ['A', 'B', 'C'][i % 3]!;
    indexes.push(await write(c, 'Assign', { header: { requestId: `as-${p}` }, assignment: { person: p, facility, pool: i % 2 ? 'Clinic' : 'Procedures', block: 'b1' } }));
    await write(c, 'Assign', { header: { requestId: `noise-${p}` }, assignment: { person: p, facility: ['A', 'B', 'C'][(i + 1) % 3]!, pool: 'ICU', block: 'b2' } });
    if (i % 3 === 0) indexes.push(await write(c, 'Unassign', { header: { requestId: `un-${p}` }, assignment: { person: p, block: 'b1' } }));
  }
  return indexes;
}

async function blocks(c: Cluster): Promise<void> {
  for (const b of ['b1', 'b2']) await write(c, 'AddBlock', { block: { id: b, start: '2026-07-01', end: '2026-07-28' } });
}

test('a watch resumed from the last index seen misses nothing and repeats nothing, on another node and after a kill', async () => {
  const c = await Cluster.start();
  try {
    await blocks(c);
    const leader = await c.waitForLeader();
    const [x, y] = [...c.nodes.keys()].filter((id) => id !== leader) as [string, string];
    const seen: Change[] = [];

    // 1. Watch b1 on follower x from now; 4 people's edits arrive.
    let w = new Watcher(c.node(x).address, { block: 'b1' });
    await w.until(() => w.next > 0, 5000, 'no progress from x');
    const expected = await edits(c, 1, 4);
    await w.until(() => w.next > expected[expected.length - 1]!, 10_000, 'x did not send the first edits');
    seen.push(...w.changes);
    w.close();

    // 2. Disconnected while 4 more people are edited; resume on y from where we stopped.
    expected.push(...(await edits(c, 5, 4)));
    w = new Watcher(c.node(y).address, { block: 'b1', fromIndex: seen.length ? seen[seen.length - 1]!.index + 1 : 1 });
    await w.until(() => w.next > expected[expected.length - 1]!, 10_000, 'y did not replay the missed edits');

    // 3. The node serving the stream is killed while edits continue (once it has sent the
    // first of them); resume on x.
    const before = w.changes.length;
    const during = edits(c, 9, 4);
    await w.until(() => w.changes.length > before, 10_000, 'y did not send the first edit made while it served');
    await c.kill(y, 'SIGKILL');
    await w.until(() => w.error !== undefined, 10_000, 'the stream from the killed node did not fail');
    seen.push(...w.changes);
    const resumeAt = w.next;
    w.close();
    expected.push(...(await during));
    w = new Watcher(c.node(x).address, { block: 'b1', fromIndex: resumeAt });
    await w.until(() => w.next > expected[expected.length - 1]!, 10_000, 'x did not resume after the kill');
    seen.push(...w.changes);
    w.close();

    const got = seen.map((ch) => ch.index);
    assert.deepEqual(got, expected, 'every b1 change exactly once, in log order');
    assert.ok(seen.every((ch) => [...ch.added, ...ch.removed].every((a) => a.block === 'b1')), 'only block b1');
    assert.deepEqual([...new Set(seen.map((ch) => ch.kind))].sort(), ['assign', 'unassign']);
    c.spawn(y);
  } finally {
    await c.stop();
  }
});

test('rosterctl watch follows a node kill and prints every change once', async () => {
  const c = await Cluster.start();
  try {
    await blocks(c);
    const leader = await c.waitForLeader();
    const followers = [...c.nodes.keys()].filter((id) => id !== leader);
    const order = [...followers, leader].map((id) => c.node(id).address).join(',');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/rosterctl.ts'), '--timeout', '20000', '--endpoints', order, 'watch', '--block', 'b1', '--max-events', '10'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    const first = c.node(followers[0]!).address;
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`rosterctl watch exited early (${child.exitCode}): ${stderr}`);
      return stderr.includes(`watch: following at ${first} `);
    }, `rosterctl watch to follow the block at the first follower ${first}`);
    const expected = await edits(c, 1, 4); // 4 assigns + 1 unassign
    await c.kill(followers[0]!, 'SIGKILL');
    expected.push(...(await edits(c, 5, 4)));
    const code = await Promise.race([exited, sleep(30_000).then(() => -2)]);
    if (code === -2) child.kill('SIGKILL');
    assert.equal(code, 0, `${stderr}\n${stdout}`);
    const printed = stdout.trim().split('\n').map((l) => Number(l.split(' ')[0]));
    assert.equal(expected.length, 10);
    assert.deepEqual(printed, expected);
    assert.match(stderr, /watch: .* resuming from index/, 'it did reconnect');
  } finally {
    await c.stop();
  }
});

test('resuming from a compacted index fails with OUT_OF_RANGE naming the first index still available', async () => {
  const c = await Cluster.start({ flags: ['--snapshot-entries', '30', '--keep-entries', '5'] });
  try {
    await blocks(c);
    await edits(c, 1, 12);
    const leader = await c.waitForLeader();
    const st = await c.node(leader).call('admin', 'Status', {});
    assert.ok(st.ok && st.value.firstIndex > 5, `no compaction yet: ${JSON.stringify(st)}`);
    const w = new Watcher(c.node(leader).address, { block: 'b1', fromIndex: 2 });
    await w.until(() => w.error !== undefined, 5000, 'no error for a compacted index');
    assert.equal(w.error?.code, grpc.status.OUT_OF_RANGE);
    const first = Number(w.error?.metadata.get('x-roster-first-index')[0]);
    assert.ok(first > 2, `x-roster-first-index ${first}`);
    assert.match(w.error?.details ?? '', new RegExp(`changes before index ${first} are no longer retained here \\(log compaction\\); resume from index ${first} or later`));
    w.close();
    // From the first retained index it works.
    const ok = new Watcher(c.node(leader).address, { block: 'b1', fromIndex: first });
    await ok.until(() => ok.next > first, 5000, 'no stream from the first retained index');
    assert.equal(ok.error, undefined);
    ok.close();
  } finally {
    await c.stop();
  }
});
