import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { ADMIN_SERVICE, ROSTER_SERVICE, serviceDefinition } from '../../cli/protos.ts';
import { RosterError, toServiceError as rosterServiceError } from '../../node/errors.ts';

/**
 * An in-process stand-in for a rosterd node: a real grpc-js server on 127.0.0.1 (port 0)
 * serving rosterd.v1.Roster and rosterd.admin.v1.Admin, whose answers each test scripts
 * method by method. It records every call, so tests can check what rosterctl sent where.
 */

/** A call as the fake node received it. */
export interface RecordedCall {
  readonly method: string;
  readonly request: Record<string, unknown>;
  readonly at: number;
}

/**
 * A scripted answer: return a reply message, or throw (or return) a Status or one of the
 * server's own RosterErrors (node/errors.ts), which is sent exactly as the daemon sends it.
 */
export type Handler = (request: Record<string, unknown>, node: FakeNode) => unknown;

/**
 * A scripted server stream (Watch): write messages to `call`, then end it, fail it with
 * `call.emit('error', ...)` (a Status or RosterError is converted), or leave it open.
 */
export type StreamHandler = (request: Record<string, unknown>, call: grpc.ServerWritableStream<Record<string, unknown>, unknown>, node: FakeNode) => void;

/** Thrown (or returned) by a handler to answer with a gRPC error status. */
export class Status {
  constructor(
    readonly code: grpc.status,
    readonly details: string,
    readonly metadata: Readonly<Record<string, string>> = {},
  ) {}
}

export interface FakeNode {
  readonly address: string;
  readonly calls: RecordedCall[];
  /** Method name (e.g. `AddPerson`) to handler; replace entries to change the script. */
  readonly handlers: Map<string, Handler>;
  /** Streaming method name (`Watch`) to handler. */
  readonly streams: Map<string, StreamHandler>;
  /** The calls of one method. */
  callsOf(method: string): RecordedCall[];
  stop(): Promise<void>;
}

/** Starts a fake node answering with `handlers`; unscripted methods answer UNIMPLEMENTED. */
export async function startFakeNode(handlers: Record<string, Handler> = {}, streams: Record<string, StreamHandler> = {}): Promise<FakeNode> {
  const server = new grpc.Server();
  const calls: RecordedCall[] = [];
  const node: FakeNode = {
    address: '',
    calls,
    handlers: new Map(Object.entries(handlers)),
    streams: new Map(Object.entries(streams)),
    callsOf: (method) => calls.filter((c) => c.method === method),
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
  for (const service of [ROSTER_SERVICE, ADMIN_SERVICE] as const) {
    const definition = serviceDefinition(service);
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const name of Object.keys(definition)) {
      if (definition[name]?.responseStream) {
        implementation[name] = (call: grpc.ServerWritableStream<Record<string, unknown>, unknown>) => {
          calls.push({ method: name, request: call.request, at: Date.now() });
          const handler = node.streams.get(name);
          if (handler === undefined) {
            call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: `fake node: ${name} not scripted` });
            return;
          }
          handler(call.request, call, node);
        };
        continue;
      }
      implementation[name] = async (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        calls.push({ method: name, request: call.request, at: Date.now() });
        const handler = node.handlers.get(name);
        if (handler === undefined) return callback({ code: grpc.status.UNIMPLEMENTED, details: `fake node: ${name} not scripted` });
        try {
          const reply = await handler(call.request, node);
          if (reply instanceof Status) return callback(toServiceError(reply));
          if (reply instanceof RosterError) return callback(rosterServiceError(reply));
          callback(null, reply);
        } catch (e) {
          if (e instanceof Status) return callback(toServiceError(e));
          callback(rosterServiceError(e));
        }
      };
    }
    server.addService(definition, implementation);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  (node as { address: string }).address = `127.0.0.1:${port}`;
  return node;
}

/** The error to emit on a stream for a Status or a RosterError. */
export function streamError(e: Status | RosterError): Partial<grpc.ServiceError> {
  return e instanceof Status ? toServiceError(e) : rosterServiceError(e);
}

function toServiceError(s: Status): Partial<grpc.ServiceError> {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(s.metadata)) metadata.set(key, value);
  return { code: s.code, details: s.details, metadata };
}

/** An address on which nothing listens (a port just released): connections are refused. */
export async function deadAddress(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return `127.0.0.1:${port}`;
}

/** A WriteReply as a handler returns it. */
export function committed(index: number, detail = ''): { index: number; detail: string } {
  return { index, detail };
}

/**
 * An address whose TCP handshake never completes, as if a firewall dropped the SYNs,
 * without root or iptables: a child process listens with a backlog of one and never
 * accepts (its event loop is blocked), and two connections fill its accept queue, so
 * the kernel drops every further SYN. close() ends the child (by pid) and the fillers.
 */
export async function blackholedAddress(): Promise<{ address: string; close(): void }> {
  const listener = spawn(
    process.execPath,
    [
      '-e',
      "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>{require('fs').writeSync(1,s.address().port+'\\n');Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0);});",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(listener.stdout!, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  const fillers: Socket[] = [];
  const close = (): void => {
    for (const f of fillers) f.destroy();
    listener.kill('SIGKILL');
  };
  try {
    for (let i = 0; i < 2; i++) {
      const filler = connect(port, '127.0.0.1');
      fillers.push(filler);
      await once(filler, 'connect');
    }
    // A probe must now hang: the queue is full.
    const probe = connect(port, '127.0.0.1');
    fillers.push(probe);
    const connected = await Promise.race([once(probe, 'connect').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 300))]);
    if (connected) throw new Error('blackholedAddress: the accept queue did not fill; connections still complete');
  } catch (e) {
    close();
    throw e;
  }
  return { address: `127.0.0.1:${port}`, close };
}
