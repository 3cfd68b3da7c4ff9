import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { ERROR_KEY } from '../../node/errors.ts';
import { clientPackageDefinition } from '../../node/server/protos.ts';
import { Cluster, waitFor } from './harness.ts';

// A graceful stop (SIGTERM, or Ctrl-C on npm start) ends every stream the node serves
// instead of waiting for its clients: a watcher is told to resume elsewhere, and the
// node is gone within a second, whoever is connected.

/** What a node may take between the signal and its "stopped" line (README: stops within 1 s). */
const STOP_BUDGET_MS = 1000;
/** Signal to exit, process teardown included: generous for a loaded machine, far below a stream's lifetime. */
const EXIT_DEADLINE_MS = 5000;

const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as unknown as {
  rosterd: { v1: { Roster: new (address: string, creds: grpc.ChannelCredentials) => grpc.Client & Record<string, Function> } };
};

let c: Cluster;
before(async () => {
  c = await Cluster.start();
});
after(async () => {
  await c?.stop();
});

/** The `ms` of the node's last "stopped" log line. */
function stoppedMs(log: string): number | undefined {
  const lines = log.split('\n').filter((l) => l.includes('"msg":"stopped"'));
  const last = lines[lines.length - 1];
  return last === undefined ? undefined : (JSON.parse(last) as { ms?: number }).ms;
}

async function stopWithWatch(id: string): Promise<{ exitMs: number; watchError: grpc.ServiceError | undefined }> {
  const n = c.node(id);
  const client = new pkg.rosterd.v1.Roster(n.address, grpc.credentials.createInsecure());
  const call = client['Watch']!({}) as grpc.ClientReadableStream<unknown>;
  let events = 0;
  let watchError: grpc.ServiceError | undefined;
  call.on('data', () => events++);
  call.on('error', (e: grpc.ServiceError) => {
    watchError = e;
  });
  try {
    // The stream is being served once its first progress message arrives.
    await waitFor(() => events > 0, `the first event of a watch on ${id}`);
    const proc = n.proc!;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const signalled = Date.now();
    proc.kill('SIGTERM');
    const late = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(late);
    const exitMs = Date.now() - signalled;
    await waitFor(() => watchError !== undefined, 'the watch stream to end');
    return { exitMs, watchError };
  } finally {
    call.cancel();
    client.close();
  }
}

test('SIGTERM with a watch stream connected stops a follower within a second and tells the watcher to resume elsewhere', async () => {
  const leader = await c.waitForLeader();
  const follower = [...c.nodes.keys()].find((id) => id !== leader)!;
  const { exitMs, watchError } = await stopWithWatch(follower);
  assert.ok(exitMs < EXIT_DEADLINE_MS, `the node took ${exitMs} ms to exit`);
  const ms = stoppedMs(c.node(follower).log());
  assert.ok(ms !== undefined, 'the node logged no "stopped" line');
  assert.ok(ms < STOP_BUDGET_MS, `the node took ${ms} ms from the signal to "stopped"`);
  assert.equal(watchError?.code, grpc.status.UNAVAILABLE, watchError?.message);
  assert.equal(watchError?.metadata.get(ERROR_KEY)[0], 'unavailable');
  assert.match(watchError?.details ?? '', /shutting down.*resumes on another node/);
});

test('SIGTERM stops the leader within a second with a watch and its peers connected, and the others elect a new one', async () => {
  for (const id of c.nodes.keys()) if (!c.node(id).alive) c.spawn(id);
  const leader = await c.waitForLeader(30_000);
  const { exitMs } = await stopWithWatch(leader);
  assert.ok(exitMs < EXIT_DEADLINE_MS, `the leader took ${exitMs} ms to exit`);
  const ms = stoppedMs(c.node(leader).log());
  assert.ok(ms !== undefined && ms < STOP_BUDGET_MS, `the leader took ${ms} ms from the signal to "stopped"`);
  const next = await c.waitForLeader(20_000, [...c.nodes.keys()].filter((id) => c.node(id).alive));
  assert.notEqual(next, leader);
});
