import * as grpc from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import http2 from 'node:http2';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { echoInput } from '../schedule/input-echo.ts';
import type { OpenCall } from './open-calls.ts';

/**
 * Client unary calls answered straight off their HTTP/2 stream, beside grpc-js.
 *
 * grpc-js runs every call through a stack of intercepting-call objects (its own, then one
 * per server interceptor), each with its listeners and closures. For a write that is most
 * of what the leader spends on the call in JavaScript, and the objects outlive the call
 * long enough to be promoted, which is most of what the leader's young collections copy
 * (bench/README.md, "Where the time goes"). Here a unary call costs one small object.
 * (The trailers still leave in a write of their own after the headers and message: Node
 * hands them over only once the message is sent, whoever serves the call.)
 *
 * Only what this path serves exactly as grpc-js would comes here: a registered unary
 * method, content-type application/grpc, an uncompressed request. Anything else (another
 * method, a compressed request, a method whose access rule reads a claim from the request)
 * goes to grpc-js untouched, on the same connection. The handlers are the very ones grpc-js
 * runs (unary.ts), and what the interceptors do for a call is done here too: the request
 * counter, the open-call registry (drain ends these calls too) and, with TLS, the access
 * gate's decision.
 *
 * grpc-js has no public way to take a stream before it does: this reaches its HTTP/2
 * servers through a private field. If a grpc-js version lacks it, attach() reports false,
 * the node logs it and grpc-js serves every call as before (a test pins it).
 */

/** One method this path serves. */
export interface DirectRoute {
  /** The method's name ("AddPerson"): the request counter's label, as the interceptor's. */
  readonly name: string;
  readonly deserialize: (bytes: Buffer) => unknown;
  readonly serialize: (reply: unknown) => Buffer;
  readonly handler: grpc.handleUnaryCall<unknown, unknown>;
}

/** Where a call's end is reported: the open-call registry and the request counter. */
export interface DirectCallHooks {
  /** A call started; `end` answers it with a status (a shutdown ends open calls so). */
  opened(call: OpenCall): void;
  /** The call was answered (or the client went away) with `code`. */
  closed(call: OpenCall, route: DirectRoute, code: grpc.status): void;
}

export interface DirectUnaryOptions {
  /** Path ("/rosterd.v1.Roster/AddPerson") -> route. */
  readonly routes: ReadonlyMap<string, DirectRoute>;
  /** The largest request message accepted, as grpc.max_receive_message_length. */
  readonly maxReceiveBytes: number;
  /** The largest reply message sent, as grpc.max_send_message_length. */
  readonly maxSendBytes: number;
  readonly hooks: DirectCallHooks;
  /**
   * With TLS: the status that refuses a connection presenting `cert` (undefined: none)
   * the method at `path`, or undefined when it may call it; a refused call ends so
   * before its handler runs.
   */
  readonly admit?: (cert: PeerCertificate | undefined, path: string, peer: string) => grpc.StatusObject | undefined;
  readonly log: Logger;
}

const HEADER_BYTES = 5;
// As grpc-js reads it (not anchored), so a call is timed the same on either path.
const TIMEOUT = /(\d{1,8})\s*([HMSmun])/;
const UNIT_MS: Readonly<Record<string, number>> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };
/** The longest delay setTimeout honours (2^31 - 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const RESPONSE_HEADERS = {
  ':status': 200,
  'content-type': 'application/grpc+proto',
  'grpc-accept-encoding': 'identity,deflate,gzip',
  'grpc-encoding': 'identity',
};

/**
 * Takes the streams of `server` (bound already) that the routes serve; returns whether
 * it could (false: grpc-js keeps serving them all).
 */
export function attachDirectUnary(server: grpc.Server, o: DirectUnaryOptions): boolean {
  const servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(servers instanceof Map) || servers.size === 0) return false;
  for (const h2 of servers.keys() as Iterable<http2.Http2Server>) {
    const grpcHandlers = h2.listeners('stream') as ((...args: unknown[]) => void)[];
    if (grpcHandlers.length === 0) return false;
    h2.removeAllListeners('stream');
    h2.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, ...rest: unknown[]) => {
      const path = headers[':path'];
      const route = path === undefined ? undefined : o.routes.get(path);
      if (route === undefined || !servable(headers)) {
        const passed = withTimerSizedTimeout(headers);
        for (const h of grpcHandlers) h.call(h2, stream, passed, ...rest);
        return;
      }
      new DirectCall(stream, headers, path!, route, o).start();
    });
  }
  return true;
}

/**
 * The headers grpc-js is handed, with a grpc-timeout too long for a timer lowered to the
 * longest one: grpc-js truncates the milliseconds to 32 bits, and a watch whose client
 * allowed it 30 days would otherwise end DEADLINE_EXCEEDED at once. The client keeps its
 * own deadline regardless.
 */
function withTimerSizedTimeout(headers: http2.IncomingHttpHeaders): http2.IncomingHttpHeaders {
  const timeout = headers['grpc-timeout'];
  if (timeout === undefined) return headers;
  const ms = timeoutMs(String(timeout));
  return ms !== undefined && ms > MAX_TIMER_MS ? { ...headers, 'grpc-timeout': `${Math.floor(MAX_TIMER_MS / 1000)}S` } : headers;
}

/** A grpc-timeout's milliseconds, read as grpc-js reads it; undefined when unreadable. */
function timeoutMs(value: string): number | undefined {
  const m = TIMEOUT.exec(value);
  return m === null ? undefined : Math.floor(Number(m[1]) * UNIT_MS[m[2]!]!);
}

/** Whether grpc-js would treat the call exactly as this path does. */
function servable(headers: http2.IncomingHttpHeaders): boolean {
  const type = headers['content-type'];
  if (typeof type !== 'string' || !type.startsWith('application/grpc')) return false;
  const encoding = headers['grpc-encoding'];
  return encoding === undefined || encoding === 'identity';
}

/** One unary call: reads its message, runs the handler, writes the answer once. */
class DirectCall extends EventEmitter {
  request: unknown;
  private readonly chunks: Buffer[] = [];
  private received = 0;
  /** The request message's length, once its prefix arrived. */
  private size: number | undefined;
  private answered = false;
  private timer: NodeJS.Timeout | undefined;
  private deadline = Infinity;

  constructor(
    private readonly stream: http2.ServerHttp2Stream,
    private readonly headers: http2.IncomingHttpHeaders,
    private readonly path: string,
    private readonly route: DirectRoute,
    private readonly o: DirectUnaryOptions,
  ) {
    super();
  }

  start(): void {
    const s = this.stream;
    // An error here always comes with a close, which ends the call.
    s.on('error', () => {});
    s.once('close', () => {
      if (!this.answered) this.finish(grpc.status.CANCELLED, true);
    });
    this.o.hooks.opened(this);
    const timeout = this.headers['grpc-timeout'];
    if (timeout !== undefined) {
      const ms = timeoutMs(String(timeout));
      if (ms === undefined) return this.fail(grpc.status.INTERNAL, `Invalid grpc-timeout value ${echoInput(String(timeout))}`);
      this.deadline = Date.now() + ms;
      // grpc-js truncates the milliseconds to 32 bits, so a deadline past ~24.8 days (a Go
      // client sends 30 days as "2592000S") wraps and ends the call at once. No unary call
      // lives for weeks, so only a timer setTimeout can honour is armed.
      if (ms <= MAX_TIMER_MS) this.timer = setTimeout(() => this.fail(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded'), ms);
    }
    if (this.o.admit) {
      const socket = s.session?.socket as TLSSocket | undefined;
      const cert = socket && typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
      const refused = this.o.admit(cert && Object.keys(cert).length > 0 ? cert : undefined, this.path, this.getPeer());
      if (refused !== undefined) return this.sendStatus(refused);
    }
    s.on('data', (chunk: Buffer) => this.data(chunk));
    s.once('end', () => this.end());
  }

  private data(chunk: Buffer): void {
    if (this.answered) return;
    this.received += chunk.length;
    this.chunks.push(chunk);
    if (this.size === undefined && this.received >= HEADER_BYTES) {
      const head = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      this.size = head.readUInt32BE(1);
      if (this.size > this.o.maxReceiveBytes) {
        return this.fail(grpc.status.RESOURCE_EXHAUSTED, `Received message larger than max (${this.size} vs ${this.o.maxReceiveBytes})`);
      }
    }
    if (this.size !== undefined && this.received > HEADER_BYTES + this.size) this.secondMessage();
  }

  private secondMessage(): void {
    this.fail(grpc.status.UNIMPLEMENTED, `Received a second request message for unary call ${this.path}`);
  }

  private end(): void {
    if (this.answered) return;
    const bytes = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks.length = 0;
    if (bytes.length < HEADER_BYTES) {
      return this.fail(grpc.status.UNIMPLEMENTED, `Received no request message for unary call ${this.path}`);
    }
    const size = bytes.readUInt32BE(1);
    if (bytes.length > HEADER_BYTES + size) return this.secondMessage();
    if (bytes.length < HEADER_BYTES + size) return this.fail(grpc.status.INTERNAL, 'the request message was cut short');
    if (bytes[0] !== 0) return this.fail(grpc.status.INTERNAL, 'Received compressed message but "grpc-encoding" header was identity');
    try {
      this.request = this.route.deserialize(bytes.subarray(HEADER_BYTES));
    } catch {
      return this.fail(grpc.status.INTERNAL, 'Error deserializing request');
    }
    this.route.handler(this as unknown as grpc.ServerUnaryCall<unknown, unknown>, (err, value) => {
      if (err) {
        const e = err as Partial<grpc.StatusObject>;
        return this.sendStatus({ code: e.code ?? grpc.status.UNKNOWN, details: e.details ?? (err as Error).message ?? 'unknown error', metadata: e.metadata ?? new grpc.Metadata() });
      }
      this.reply(value);
    });
  }

  /** The success answer: headers and the message, then the trailers when Node asks for them. */
  private reply(value: unknown): void {
    if (this.answered) return;
    let message: Buffer;
    try {
      message = this.route.serialize(value);
    } catch (e) {
      this.o.log.error({ method: this.route.name, err: (e as Error)?.stack ?? String(e) }, 'a reply did not serialize');
      return this.fail(grpc.status.INTERNAL, 'the reply could not be serialized');
    }
    if (message.length > this.o.maxSendBytes) {
      return this.fail(grpc.status.RESOURCE_EXHAUSTED, `Sent message larger than max (${message.length} vs. ${this.o.maxSendBytes})`);
    }
    if (!this.writable()) return this.finish(grpc.status.CANCELLED, true);
    const framed = Buffer.allocUnsafe(HEADER_BYTES + message.length);
    framed[0] = 0;
    framed.writeUInt32BE(message.length, 1);
    message.copy(framed, HEADER_BYTES);
    const s = this.stream;
    const sent = this.guarded(() => {
      s.respond(RESPONSE_HEADERS, { waitForTrailers: true });
      s.once('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'OK' }));
      s.end(framed);
    });
    this.finish(sent ? grpc.status.OK : grpc.status.INTERNAL, !sent);
  }

  /** Ends the call with `code` and `details`, no metadata. */
  private fail(code: grpc.status, details: string): void {
    this.sendStatus({ code, details, metadata: new grpc.Metadata() });
  }

  /** Ends the call with `status` (trailers only), unless it was answered already. */
  sendStatus(status: grpc.StatusObject): void {
    if (this.answered) return;
    if (this.writable()) {
      this.guarded(() => {
        const trailers = { ...RESPONSE_HEADERS, 'grpc-status': String(status.code), 'grpc-message': encodeURI(status.details), ...status.metadata?.toHttp2Headers() };
        this.stream.respond(trailers, { endStream: true });
      });
    }
    this.finish(status.code, status.code !== grpc.status.OK);
  }

  /**
   * Runs `write`; if it throws (an answer Node refuses to send), resets the stream so the
   * client sees the call fail, and logs it: it must never reach the event loop, where it
   * would end the process. Returns whether `write` completed.
   */
  private guarded(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (e) {
      this.o.log.error({ method: this.route.name, err: (e as Error)?.stack ?? String(e) }, 'an answer could not be written; the stream is reset');
      if (!this.stream.destroyed) this.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      return false;
    }
  }

  private writable(): boolean {
    return !this.stream.destroyed && !this.stream.closed && !this.stream.headersSent;
  }

  /** Marks the call answered; `cancel` tells a handler still running to stop (unary.ts listens). */
  private finish(code: grpc.status, cancel: boolean): void {
    if (this.answered) return;
    this.answered = true;
    clearTimeout(this.timer);
    this.o.hooks.closed(this, this.route, code);
    if (cancel) this.emit('cancelled', 'cancelled');
  }

  // What handlers may read of a grpc-js ServerUnaryCall.
  getPeer(): string {
    const socket = this.stream.session?.socket;
    return socket ? `${socket.remoteAddress}:${socket.remotePort}` : 'unknown';
  }

  getDeadline(): number {
    return this.deadline;
  }

  get metadata(): grpc.Metadata {
    return grpc.Metadata.fromHttp2Headers(this.headers);
  }

  get cancelled(): boolean {
    return this.answered && this.stream.rstCode !== undefined && this.stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR;
  }
}
