import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import type { Message } from '../../node/raft/types.ts';
import { addPeerService } from '../../node/transport/peer-server.ts';
import { DEFAULT_BACKOFF, DEFAULT_BREAKER, GrpcPeerTransport } from '../../node/transport/index.ts';
import type { PeerFrame } from '../../node/transport/peer-transport.ts';

const CLUSTER = 'peer-link-test';
const silent = pino({ level: 'silent' });

/** B's peer service on a loopback port, recording the frames that arrive, in order; A's transport to it. */
async function link(): Promise<{ frames: PeerFrame[]; arrived: (n: number) => Promise<void>; a: GrpcPeerTransport; address: string; close: () => void }> {
  const frames: PeerFrame[] = [];
  let waiter: { n: number; resolve: () => void } | undefined;
  const server = new grpc.Server();
  addPeerService(server, {
    self: 'B',
    cluster: CLUSTER,
    isMember: () => true,
    deliver: (f) => {
      frames.push(f);
      if (waiter && frames.length >= waiter.n) waiter.resolve();
    },
    log: silent,
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const a = new GrpcPeerTransport({ self: 'A', cluster: CLUSTER, maxMessageBytes: 1 << 20, backoff: DEFAULT_BACKOFF, breaker: DEFAULT_BREAKER, log: silent });
  return {
    frames,
    arrived: (n) => (frames.length >= n ? Promise.resolve() : new Promise((resolve) => (waiter = { n, resolve }))),
    a,
    address: `127.0.0.1:${port}`,
    close: () => {
      a.close();
      server.forceShutdown();
    },
  };
}

const heartbeat = (commit: number): Message => ({ type: 'heartbeat', from: 'A', to: 'B', term: 1, commit, context: '' });

test('a probe rides on the next Raft frame to the peer instead of making a frame of its own', async (t) => {
  const l = await link();
  t.after(l.close);
  l.a.probe('B', l.address, { hears: ['B', 'C'] });
  l.a.send('B', l.address, [heartbeat(1)]);
  l.a.send('B', l.address, [heartbeat(2)]);
  await l.arrived(2);
  assert.deepEqual(
    l.frames.map((f) => ({ commits: f.messages.map((m) => (m.type === 'heartbeat' ? m.commit : -1)), hears: f.probe?.hears })),
    [
      { commits: [1], hears: ['B', 'C'] },
      { commits: [2], hears: undefined },
    ],
  );
});

test('a probe that found no frame to ride goes alone when the next probe comes, which waits for a frame in turn', async (t) => {
  const l = await link();
  t.after(l.close);
  l.a.probe('B', l.address, { hears: ['B'] });
  l.a.probe('B', l.address, { hears: ['B', 'C'] });
  await l.arrived(1);
  l.a.send('B', l.address, [heartbeat(7)]);
  await l.arrived(2);
  assert.deepEqual(
    l.frames.map((f) => ({ messages: f.messages.length, hears: f.probe?.hears })),
    [
      { messages: 0, hears: ['B'] },
      { messages: 1, hears: ['B', 'C'] },
    ],
  );
});
