import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { attachDirectUnary, type DirectRoute } from '../../node/server/direct-unary.ts';
import { OpenCalls } from '../../node/server/open-calls.ts';

// A service of raw bytes: Echo answers its request (or fails as the request says), Slow
// waits for the client to go away, Stream is server-streaming (never taken off grpc-js).
const bytes = { requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b };
const DEF = {
  Echo: { path: '/t.T/Echo', requestStream: false, responseStream: false, ...bytes },
  Slow: { path: '/t.T/Slow', requestStream: false, responseStream: false, ...bytes },
  Stream: { path: '/t.T/Stream', requestStream: false, responseStream: true, ...bytes },
} as const;
const Client = grpc.makeGenericClientConstructor(DEF as unknown as grpc.ServiceDefinition, 'T');
type Unary = (req: Buffer, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Buffer) => void) => grpc.ClientUnaryCall;

interface Fixture {
  readonly port: number;
  readonly client: grpc.Client;
  readonly open: OpenCalls;
  /** Paths grpc-js served (its interceptor saw them). */
  readonly viaGrpcJs: string[];
  /** Codes the direct path reported, by method. */
  readonly closed: string[];
  /** Resolves when Slow's handler sees its call cancelled. */
  readonly slowCancelled: Promise<void>;
  readonly slowStarted: Promise<void>;
  /** Whether Slow's handler ran. */
  slowRan(): boolean;
  stop(): Promise<void>;
}

async function start(maxReceiveBytes = 1024): Promise<Fixture> {
  const viaGrpcJs: string[] = [];
  const closed: string[] = [];
  const open = new OpenCalls();
  let slowStarted!: () => void;
  let ran = false;
  let slowCancelled!: () => void;
  const started = new Promise<void>((r) => (slowStarted = r));
  const cancelled = new Promise<void>((r) => (slowCancelled = r));
  const server = new grpc.Server({
    'grpc.enable_channelz': 0,
    interceptors: [(method, call) => (viaGrpcJs.push(method.path), new grpc.ServerInterceptingCall(call))],
  });
  const handlers: grpc.UntypedServiceImplementation = {
    Echo: ((call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      const text = call.request.toString();
      if (text === 'deadline?') return cb(null, Buffer.from(String(Number(call.getDeadline()) - Date.now())));
      if (text.startsWith('fail:')) {
        const metadata = new grpc.Metadata();
        metadata.set('x-roster-leader', '127.0.0.1:7001');
        return cb({ code: grpc.status.FAILED_PRECONDITION, details: text.slice(5), metadata } as grpc.ServiceError);
      }
      cb(null, Buffer.from(`echo ${text}`));
    }) as grpc.handleUnaryCall<Buffer, Buffer>,
    Slow: ((call: grpc.ServerUnaryCall<Buffer, Buffer>) => {
      call.once('cancelled', () => slowCancelled());
      ran = true;
      slowStarted();
    }) as grpc.handleUnaryCall<Buffer, Buffer>,
    Stream: ((call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      if (call.request.toString() === 'deadline?') call.write(Buffer.from(String(Number(call.getDeadline()) - Date.now())));
      call.write(Buffer.from('one'));
      call.end();
    }) as grpc.handleServerStreamingCall<Buffer, Buffer>,
  };
  server.addService(DEF as unknown as grpc.ServiceDefinition, handlers);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const routes = new Map<string, DirectRoute>();
  for (const name of ['Echo', 'Slow'] as const) {
    routes.set(DEF[name].path, { name, deserialize: (b) => b, serialize: (r) => r as Buffer, handler: handlers[name] as grpc.handleUnaryCall<unknown, unknown> });
  }
  const attached = attachDirectUnary(server, {
    routes,
    maxReceiveBytes,
    maxSendBytes: 1024,
    hooks: {
      opened: (call) => open.opened(call, false),
      closed: (call, route, code) => {
        open.closed(call);
        closed.push(`${route.name} ${grpc.status[code]}`);
      },
    },
    log: pino({ level: 'silent' }),
  });
  assert.ok(attached, 'this grpc-js lets the direct path take its streams');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    port,
    client,
    open,
    viaGrpcJs,
    closed,
    slowStarted: started,
    slowCancelled: cancelled,
    slowRan: () => ran,
    stop: async () => {
      client.close();
      server.forceShutdown();
    },
  };
}

function call(f: Fixture, method: 'Echo' | 'Slow', req: Buffer, opts: grpc.CallOptions = {}, client: grpc.Client = f.client): { done: Promise<{ error: grpc.ServiceError | null; reply?: Buffer }>; handle: grpc.ClientUnaryCall } {
  let handle!: grpc.ClientUnaryCall;
  const done = new Promise<{ error: grpc.ServiceError | null; reply?: Buffer }>((resolve) => {
    handle = ((client as unknown as Record<string, Unary>)[method]!).call(client, req, new grpc.Metadata(), opts, (error, reply) => resolve({ error, ...(reply ? { reply } : {}) }));
  });
  return { done, handle };
}

/** A raw HTTP/2 request to `path` with `body` as its DATA; the response's headers and trailers merged. */
async function raw(port: number, path: string, body: Buffer, extra: http2.OutgoingHttpHeaders = {}): Promise<Record<string, unknown>> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  try {
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...extra });
    const seen: Record<string, unknown> = {};
    stream.on('response', (h) => Object.assign(seen, h));
    stream.on('trailers', (h) => Object.assign(seen, h));
    const received: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk));
    stream.once('end', () => (seen.body = Buffer.concat(received)));
    stream.end(body);
    await new Promise<void>((resolve) => stream.once('close', () => resolve()));
    return seen;
  } finally {
    session.close();
  }
}

/** gRPC's length-prefixed framing of each message, uncompressed. */
function framed(...messages: Buffer[]): Buffer {
  return Buffer.concat(
    messages.flatMap((m) => {
      const prefix = Buffer.alloc(5);
      prefix.writeUInt32BE(m.length, 1);
      return [prefix, m];
    }),
  );
}

/** The milliseconds a handler at `path` sees left before its deadline, for a call sent with `timeout`. */
async function msLeftSeen(f: Fixture, path: string, timeout: string): Promise<number> {
  const seen = await raw(f.port, path, framed(Buffer.from('deadline?')), { 'grpc-timeout': timeout });
  assert.equal(seen['grpc-status'], '0');
  const body = seen.body as Buffer;
  return Number(body.subarray(5, 5 + body.readUInt32BE(1)).toString());
}

test('a unary call is answered off its stream with the handler\'s reply, and grpc-js never sees it', async () => {
  const f = await start();
  try {
    const r = await call(f, 'Echo', Buffer.from('hello')).done;
    assert.equal(r.error, null);
    assert.equal(r.reply?.toString(), 'echo hello');
    assert.deepEqual(f.viaGrpcJs, []);
    assert.deepEqual(f.closed, ['Echo OK']);
    assert.equal(f.open.unary, 0);
  } finally {
    await f.stop();
  }
});

test('a refusal ends the call with its code, its message (non-ASCII included) and its metadata', async () => {
  const f = await start();
  try {
    const r = await call(f, 'Echo', Buffer.from('fail:not the leader — ask B')).done;
    assert.equal(r.error?.code, grpc.status.FAILED_PRECONDITION);
    assert.equal(r.error?.details, 'not the leader — ask B');
    assert.deepEqual(r.error?.metadata.get('x-roster-leader'), ['127.0.0.1:7001']);
    assert.deepEqual(f.closed, ['Echo FAILED_PRECONDITION']);
  } finally {
    await f.stop();
  }
});

test('a deadline passing while the handler runs ends the call DEADLINE_EXCEEDED and tells the handler', async () => {
  const f = await start();
  try {
    // The handler never answers: only the deadline ends the call.
    const r = call(f, 'Slow', Buffer.from('x'), { deadline: Date.now() + 1000 });
    const { error } = await r.done;
    assert.equal(error?.code, grpc.status.DEADLINE_EXCEEDED);
    // On a machine so loaded that the deadline passed before the request left the
    // client, the server never saw the call; otherwise it ended it and told the handler.
    if (f.closed.length > 0) assert.deepEqual(f.closed, ['Slow DEADLINE_EXCEEDED']);
    if (f.slowRan()) await f.slowCancelled;
  } finally {
    await f.stop();
  }
});

test('a deadline weeks away (a Go client sends 30 days as 2592000S) is honoured, not wrapped into one already past', async () => {
  const f = await start();
  try {
    const msLeft = await msLeftSeen(f, '/t.T/Echo', '2592000S');
    assert.ok(msLeft > 29 * 86_400_000 && msLeft <= 30 * 86_400_000, `the handler sees ${msLeft} ms left`);
    assert.deepEqual(f.closed, ['Echo OK']);
  } finally {
    await f.stop();
  }
});

test('a stream grpc-js serves, given a deadline too long for a timer, keeps one at the longest timer instead of one already past', async () => {
  const f = await start();
  try {
    const msLeft = await msLeftSeen(f, '/t.T/Stream', '2592000S');
    assert.ok(msLeft > 24 * 86_400_000 && msLeft <= 2 ** 31 - 1, `the handler sees ${msLeft} ms left`);
    assert.deepEqual(f.viaGrpcJs, ['/t.T/Stream']);
  } finally {
    await f.stop();
  }
});

test('a client that cancels its call releases the handler, and the call leaves the open-call registry', async () => {
  const f = await start();
  try {
    const r = call(f, 'Slow', Buffer.from('x'));
    await f.slowStarted;
    assert.equal(f.open.unary, 1);
    r.handle.cancel();
    await f.slowCancelled;
    assert.equal((await r.done).error?.code, grpc.status.CANCELLED);
    assert.equal(f.open.unary, 0);
    assert.deepEqual(f.closed, ['Slow CANCELLED']);
  } finally {
    await f.stop();
  }
});

test('a shutdown ending the open calls answers a direct call with the status it sends', async () => {
  const f = await start();
  try {
    const r = call(f, 'Slow', Buffer.from('x'));
    await f.slowStarted;
    assert.equal(f.open.end({ code: grpc.status.UNAVAILABLE, details: 'node A is shutting down', metadata: new grpc.Metadata() }, false), 1);
    const { error } = await r.done;
    assert.equal(error?.code, grpc.status.UNAVAILABLE);
    assert.equal(error?.details, 'node A is shutting down');
    await f.slowCancelled;
  } finally {
    await f.stop();
  }
});

test('a compressed request, and a method that streams, are served by grpc-js on the same connection', async () => {
  const f = await start();
  const gzip = new Client(`127.0.0.1:${f.port}`, grpc.credentials.createInsecure(), { 'grpc.default_compression_algorithm': 2 });
  try {
    const r = await call(f, 'Echo', Buffer.from('zipped'), {}, gzip).done;
    assert.equal(r.reply?.toString(), 'echo zipped');
    const streamed: string[] = [];
    const s = (f.client as unknown as { Stream(req: Buffer): grpc.ClientReadableStream<Buffer> }).Stream(Buffer.from(''));
    for await (const m of s) streamed.push((m as Buffer).toString());
    assert.deepEqual(streamed, ['one']);
    assert.deepEqual(f.viaGrpcJs, ['/t.T/Echo', '/t.T/Stream']);
    assert.deepEqual(f.closed, []);
  } finally {
    gzip.close();
    await f.stop();
  }
});

test('a request larger than the receive limit is refused RESOURCE_EXHAUSTED, naming both sizes', async () => {
  const f = await start(64);
  try {
    const { error } = await call(f, 'Echo', Buffer.alloc(100, 1)).done;
    assert.equal(error?.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.match(error?.details ?? '', /100 vs 64/);
  } finally {
    await f.stop();
  }
});

test('a unary request carrying no message, or two, is refused UNIMPLEMENTED, as grpc-js refuses it', async () => {
  const f = await start();
  try {
    const none = await raw(f.port, '/t.T/Echo', Buffer.alloc(0));
    assert.equal(none['grpc-status'], String(grpc.status.UNIMPLEMENTED));
    assert.match(decodeURI(String(none['grpc-message'])), /no request message/);
    const two = await raw(f.port, '/t.T/Echo', framed(Buffer.from('a'), Buffer.from('b')));
    assert.equal(two['grpc-status'], String(grpc.status.UNIMPLEMENTED));
    assert.match(decodeURI(String(two['grpc-message'])), /second request message/);
    const one = await raw(f.port, '/t.T/Echo', framed(Buffer.from('a')));
    assert.equal(one['grpc-status'], '0');
  } finally {
    await f.stop();
  }
});

test('an unreadable grpc-timeout is refused INTERNAL, quoting it bounded, before the handler runs', async () => {
  const f = await start();
  try {
    const seen = await raw(f.port, '/t.T/Slow', framed(Buffer.from('a')), { 'grpc-timeout': `soon${'!'.repeat(5000)}` });
    assert.equal(seen['grpc-status'], String(grpc.status.INTERNAL));
    const message = decodeURI(String(seen['grpc-message']));
    assert.match(message, /Invalid grpc-timeout value "soon!+…" \(5004 characters\)/);
    assert.equal(f.slowRan(), false);
  } finally {
    await f.stop();
  }
});

test('a server that is not bound yet cannot be attached to, and says so', () => {
  const server = new grpc.Server();
  assert.equal(attachDirectUnary(server, { routes: new Map(), maxReceiveBytes: 1, maxSendBytes: 1, hooks: { opened: () => {}, closed: () => {} }, log: pino({ level: 'silent' }) }), false);
});
