import * as grpc from '@grpc/grpc-js';
import { status as Code } from '@grpc/grpc-js';
import { CliError, serverError, statusName } from './errors.ts';
import { ExitCode } from './exit-codes.ts';
import { definitionOf, type UnaryMethod } from './protos.ts';
import { backoffDelayMs, type BackoffOptions } from '../node/transport/backoff.ts';
import { decide, ENDPOINT_BACKOFF, type CallFailure } from './retry-policy.ts';
import { ERROR_KEY } from '../node/errors.ts';
import { channelFor, type TlsMaterial } from '../node/tls/tls-material.ts';

/**
 * Connections and calls: a Transport makes one attempt at one address; an RpcSession
 * turns attempts into a call that survives followers, elections, dead nodes and
 * overload, within one overall deadline (the rules are in retry-policy.ts).
 */

/** Bounds of one attempt. */
export interface AttemptLimits {
  /** Epoch milliseconds after which the attempt fails with DEADLINE_EXCEEDED. */
  readonly deadlineAt: number;
  /** How long to wait for a connection before giving up on this address. */
  readonly dialTimeoutMs: number;
}

export type Attempt<Res> = { readonly ok: true; readonly value: Res } | { readonly ok: false; readonly failure: CallFailure };

/** One attempt at one address. Implementations never throw: failures are values. */
export interface Transport {
  unary<Req, Res>(address: string, method: UnaryMethod<Req, Res>, request: Req, limits: AttemptLimits): Promise<Attempt<Res>>;
  /** Closes every connection; the transport must not be used afterwards. */
  close(): void;
}

// A channel of its own per address, not shared through grpc-js's global subchannel pool:
// after a failed dial we drop the channel, so that the next attempt connects at once
// instead of waiting out grpc-js's reconnect backoff (up to minutes).
const CHANNEL_OPTIONS: grpc.ChannelOptions = Object.freeze({
  'grpc.use_local_subchannel_pool': 1,
  'grpc.enable_retries': 0,
});

/**
 * The gRPC transport: channels, one per address, created on first use; with `tls`, TLS
 * channels presenting that client certificate (a node's must name the address dialed),
 * else plaintext.
 */
export class GrpcTransport implements Transport {
  private readonly clients = new Map<string, grpc.Client>();

  constructor(private readonly tls?: TlsMaterial) {}

  async unary<Req, Res>(address: string, method: UnaryMethod<Req, Res>, request: Req, limits: AttemptLimits): Promise<Attempt<Res>> {
    const dialDeadline = Math.min(limits.deadlineAt, Date.now() + limits.dialTimeoutMs);
    const client = await this.dial(address, dialDeadline);
    if (typeof client === 'string') {
      return { ok: false, failure: { code: Code.UNAVAILABLE, message: client, metadata: {}, sent: false } };
    }
    const def = definitionOf(method);
    return new Promise((resolve) => {
      client.makeUnaryRequest(
        def.path,
        def.requestSerialize,
        def.responseDeserialize,
        request,
        new grpc.Metadata(),
        { deadline: new Date(limits.deadlineAt) },
        (err, value) => {
          if (err) resolve({ ok: false, failure: toFailure(err) });
          else if (value === undefined) resolve({ ok: false, failure: { code: Code.INTERNAL, message: 'empty reply', metadata: {}, sent: true } });
          else resolve({ ok: true, value });
        },
      );
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  /** Resolves to a READY client, or to the reason there is none. */
  private dial(address: string, deadline: number): Promise<grpc.Client | string> {
    let client = this.clients.get(address);
    if (client === undefined) {
      const channel = channelFor(this.tls, address);
      client = new grpc.Client(address, channel.credentials, { ...CHANNEL_OPTIONS, ...channel.options });
      this.clients.set(address, client);
    }
    const channel = client.getChannel();
    const ready = client;
    return new Promise((resolve) => {
      const fail = (reason: string): void => {
        this.clients.delete(address);
        ready.close();
        resolve(reason);
      };
      const check = (): void => {
        const state = channel.getConnectivityState(true);
        if (state === grpc.connectivityState.READY) return resolve(ready);
        if (state === grpc.connectivityState.TRANSIENT_FAILURE || state === grpc.connectivityState.SHUTDOWN) {
          return fail('cannot connect');
        }
        channel.watchConnectivityState(state, deadline, (err) => (err ? fail('no connection before the deadline') : check()));
      };
      check();
    });
  }
}

function toFailure(err: grpc.ServiceError): CallFailure {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(err.metadata?.getMap() ?? {})) {
    if (typeof value === 'string') metadata[key.toLowerCase()] = value;
  }
  return { code: err.code, message: err.details || err.message, metadata, sent: true };
}

/** Tunables of an RpcSession; every field but the first three has a default. */
export interface SessionOptions {
  /** Endpoints in the order to try them; never empty. */
  readonly endpoints: readonly string[];
  /** Epoch milliseconds: the overall deadline of everything the session does. */
  readonly deadlineAt: number;
  /** The overall timeout, only used in messages. */
  readonly timeoutMs: number;
  readonly transport: Transport;
  /** Connection wait per address before moving on. Default DIAL_TIMEOUT_MS. */
  readonly dialTimeoutMs?: number;
  /** Consecutive leader redirects followed before treating the cluster as leaderless. Default MAX_REDIRECT_HOPS. */
  readonly maxRedirectHops?: number;
  /** Backoff between rounds over the endpoints. Default ENDPOINT_BACKOFF. */
  readonly backoff?: BackoffOptions;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Default connection wait per address: long enough for a LAN, short enough to try the others. */
export const DIAL_TIMEOUT_MS = 1000;
/** Default number of consecutive redirects followed (A -> B -> C is two). */
export const MAX_REDIRECT_HOPS = 3;

/** How one call picks its targets. */
export interface CallOptions {
  /** Only ever use the first endpoint: for per-node operations (snapshot). No redirects. */
  readonly pinned?: boolean;
  /** Only ever use this address (an operation on one named node). No redirects. */
  readonly only?: string;
  /** Try this address first (e.g. the known leader), then the endpoints. */
  readonly prefer?: string;
  /** The write's request id, quoted when its outcome is unknown. */
  readonly requestId?: string;
}

/** What a call saw, for the message when it gives up. */
interface Trail {
  outcomeUnknown: boolean;
  answered: boolean;
  /** Last failure per address, in order of first failure. */
  readonly byAddress: Map<string, CallFailure>;
  last?: { readonly address: string; readonly failure: CallFailure };
}

/**
 * Calls with retries within one deadline. One session per invocation: the deadline is
 * shared by every call it makes (status does Members, then Status on each member).
 */
export class RpcSession {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: SessionOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Milliseconds left before the overall deadline (0 when past it). */
  remainingMs(): number {
    return Math.max(0, this.options.deadlineAt - this.now());
  }

  /**
   * Calls `method` until it succeeds, fails for good, or the deadline passes:
   * follows leader redirects, moves past unavailable endpoints with backoff between
   * rounds, and waits out RESOURCE_EXHAUSTED hints. The same `request` (with its request
   * id) is sent on every attempt. Throws CliError.
   */
  async call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, callOptions: CallOptions = {}): Promise<Res> {
    const { endpoints, deadlineAt } = this.options;
    const first = endpoints[0];
    if (first === undefined) throw new Error('RpcSession: no endpoints');
    const order = callOptions.only !== undefined ? [callOptions.only] : callOptions.pinned ? [first] : preferFirst(endpoints, callOptions.prefer);
    const dialTimeoutMs = this.options.dialTimeoutMs ?? DIAL_TIMEOUT_MS;
    const maxHops = callOptions.pinned || callOptions.only !== undefined ? 0 : (this.options.maxRedirectHops ?? MAX_REDIRECT_HOPS);
    const trail: Trail = { outcomeUnknown: false, answered: false, byAddress: new Map() };

    let target = order[0] ?? first;
    let started = 1; // endpoints of `order` begun in this round
    let round = 0;
    let hops = 0;
    for (;;) {
      if (this.now() >= deadlineAt) throw this.giveUp(method, trail, callOptions);
      const attempt = await this.options.transport.unary(target, method, request, { deadlineAt, dialTimeoutMs });
      if (attempt.ok) return attempt.value;

      const failure = attempt.failure;
      trail.byAddress.set(target, failure);
      trail.last = { address: target, failure };
      const decision = decide(failure, method.write);
      if (decision.kind === 'stop') throw serverError(failure.code, failure.message);
      if (decision.kind === 'retry-after') {
        trail.answered = true;
        if (this.now() + decision.ms >= deadlineAt) throw this.giveUp(method, trail, callOptions);
        // A little jitter so that clients turned away together do not return together.
        await this.sleep(Math.round(decision.ms * (1 + 0.2 * this.random())));
        continue;
      }
      if (decision.kind === 'redirect' && hops < maxHops) {
        trail.answered = true;
        hops++;
        target = decision.address;
        continue;
      }
      if (decision.kind === 'next-endpoint') {
        trail.outcomeUnknown ||= decision.outcomeUnknown;
        trail.answered ||= decision.answered;
      } else {
        trail.answered = true; // too many redirects: leadership is moving; treat as leaderless
      }
      hops = 0;
      if (started >= order.length) {
        // Every endpoint either refused for a partition or could not be reached: no
        // endpoint can do better before the partition heals, so say so now rather than
        // at the deadline.
        const partition = this.partitionRefusal(trail, order);
        if (partition) throw partition;
        round++;
        started = 0;
        await this.sleep(Math.min(backoffDelayMs(round, this.options.backoff ?? ENDPOINT_BACKOFF, this.random), this.remainingMs()));
      }
      target = order[started] ?? first;
      started++;
    }
  }

  /** The partition refusal to report when every endpoint of `order` refused for a partition or was unreachable. */
  private partitionRefusal(trail: Trail, order: readonly string[]): CliError | undefined {
    const last = order.map((address) => trail.byAddress.get(address));
    const refused = last.filter((f) => f !== undefined && f.metadata[ERROR_KEY] === 'partitioned');
    if (refused.length === 0 || !last.every((f) => f !== undefined && (!f.sent || f.metadata[ERROR_KEY] === 'partitioned'))) return undefined;
    const f = refused[0]!;
    return new CliError('PARTITIONED', f.message, ExitCode.UNAVAILABLE);
  }

  /** One attempt at `address` with its own short timeout (within the overall deadline); no retries. */
  probe<Req, Res>(address: string, method: UnaryMethod<Req, Res>, request: Req, timeoutMs: number): Promise<Attempt<Res>> {
    const deadlineAt = Math.min(this.options.deadlineAt, this.now() + timeoutMs);
    return this.options.transport.unary(address, method, request, { deadlineAt, dialTimeoutMs: timeoutMs });
  }

  private giveUp(method: UnaryMethod<unknown, unknown>, trail: Trail, callOptions: CallOptions): CliError {
    const timeout = `${this.options.timeoutMs} ms`;
    const last = trail.last ? `${trail.last.address}: ${trail.last.failure.message}` : 'no attempt made';
    if (trail.outcomeUnknown) {
      const id = callOptions.requestId;
      const retry = id ? `; re-run with --request-id ${id} to retry it safely` : '';
      return new CliError('UNAVAILABLE', `outcome unknown: ${method.name} may or may not have been applied${id ? ` (request id ${id})` : ''}${retry} (last error: ${last})`, ExitCode.UNAVAILABLE);
    }
    if (trail.last?.failure.code === Code.RESOURCE_EXHAUSTED) {
      return new CliError('RESOURCE_EXHAUSTED', `server busy, no capacity within ${timeout} (${last})`, ExitCode.UNAVAILABLE);
    }
    const failures = [...trail.byAddress.values()];
    if (failures.length > 0 && failures.every((f) => !f.sent)) {
      const list = [...trail.byAddress].map(([address, f]) => `${address}: ${f.message}`).join('; ');
      return new CliError('UNAVAILABLE', `no endpoint reachable within ${timeout} (${list})`, ExitCode.UNAVAILABLE);
    }
    if (trail.answered) {
      return new CliError('UNAVAILABLE', `no leader available within ${timeout} (last answer: ${last})`, ExitCode.UNAVAILABLE);
    }
    return new CliError(statusName(Code.DEADLINE_EXCEEDED), `deadline of ${timeout} exceeded (${last})`, ExitCode.UNAVAILABLE);
  }
}

/** `endpoints` with `prefer` moved (or added) to the front. */
function preferFirst(endpoints: readonly string[], prefer: string | undefined): readonly string[] {
  if (prefer === undefined) return endpoints;
  return [prefer, ...endpoints.filter((e) => e !== prefer)];
}
