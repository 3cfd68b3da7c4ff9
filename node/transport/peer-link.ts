import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Message, NodeId } from '../raft/types.ts';
import { encodeBatch } from '../wire/raft-codec.ts';
import { backoffDelayMs, type BackoffOptions } from './backoff.ts';
import { CircuitBreaker, type BreakerOptions } from './circuit-breaker.ts';
import { CLUSTER_KEY, FROM_KEY, PeerClient } from './peer-service.ts';
import type { LinkStats, Probe } from './peer-transport.ts';
import { channelFor, type TlsMaterial } from '../tls/index.ts';

export interface LinkOptions {
  readonly self: NodeId;
  readonly cluster: string;
  readonly peer: NodeId;
  readonly address: string;
  /** Messages waiting to be written; beyond this new ones are dropped (Raft retransmits). */
  readonly maxQueuedMessages: number;
  /** Largest frame written, in bytes; also the gRPC send limit. */
  readonly maxFrameBytes: number;
  readonly backoff: BackoffOptions;
  readonly breaker: BreakerOptions;
  readonly log: Logger;
  /** Mutual TLS with this node's certificate; the peer's must name facility `peer`. Absent: plaintext. */
  readonly tls?: TlsMaterial;
  /** Wall clock for the breaker's cooldown; injected for tests. */
  readonly now?: () => number;
}


/** Messages per frame: one Ready's worth to one peer usually fits. */
const MAX_MESSAGES_PER_FRAME = 64;

/**
 * A stream of Raft messages to one peer. Messages of one call to send() (one Ready)
 * are coalesced into frames and written at once; ordering is preserved within a lane. Snapshot chunks use
 * their own lane so a large image never delays heartbeats. The link reconnects with
 * exponential backoff and jitter, and never buffers more than maxQueuedMessages.
 */
export class PeerLink {
  private readonly client: PeerClient;
  private readonly breaker: CircuitBreaker;
  private readonly lanes: { main: Lane; snapshot: Lane };
  private closed = false;

  constructor(private readonly o: LinkOptions) {
    const channel = channelFor(o.tls, o.address, { cluster: o.cluster, facility: o.peer });
    this.client = new PeerClient(o.address, channel.credentials, {
      ...channel.options,
      'grpc.max_send_message_length': o.maxFrameBytes,
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.initial_reconnect_backoff_ms': o.backoff.initialMs,
      'grpc.max_reconnect_backoff_ms': o.backoff.maxMs,
      'grpc.enable_channelz': 0,
    });
    this.breaker = new CircuitBreaker(o.breaker, o.now ?? Date.now);
    this.lanes = { main: new Lane(this, 'Stream'), snapshot: new Lane(this, 'Snapshot') };
  }

  /** Queues messages for the peer; never blocks, drops what does not fit. */
  send(messages: readonly Message[]): void {
    if (this.closed) return;
    if (!this.breaker.allows()) {
      this.lanes.main.dropped += messages.length;
      return;
    }
    let snapshot = false;
    for (const m of messages) {
      if (m.type === 'snap') snapshot = true;
      (m.type === 'snap' ? this.lanes.snapshot : this.lanes.main).enqueue(m);
    }
    // Written at once: one call is one Ready's worth, already coalesced by the caller,
    // and waiting a turn of the event loop would add that turn to every commit.
    this.lanes.main.flush();
    if (snapshot) this.lanes.snapshot.flush();
  }

  /**
   * Sends this node's probe with the next frame on the main lane. It waits for that
   * frame: on a link that carries Raft's traffic (a leader's heartbeats, a follower's
   * answers, every heartbeat interval) it rides along instead of making a frame of its
   * own, which was a third of an idle leader's frames. A probe still waiting when the
   * next one comes found nothing to ride and goes alone first, so a quiet link (follower
   * to follower) still carries one probe per interval, an interval late: well within
   * the reachability window (node/modes/reachability.ts), which is several intervals.
   */
  probe(probe: Probe): void {
    if (this.closed || !this.breaker.allows()) return;
    const main = this.lanes.main;
    if (main.probe !== undefined) main.flush();
    main.probe = probe;
  }

  stats(): LinkStats {
    const { main, snapshot } = this.lanes;
    return {
      peer: this.o.peer,
      address: this.o.address,
      connected: main.connected,
      breaker: this.breaker.state(),
      queued: main.queue.length + snapshot.queue.length,
      sent: main.sent + snapshot.sent,
      dropped: main.dropped + snapshot.dropped,
    };
  }

  close(): void {
    this.closed = true;
    this.lanes.main.close();
    this.lanes.snapshot.close();
    this.client.close();
  }

  // ---- used by lanes
  /** @internal */ get options(): LinkOptions {
    return this.o;
  }
  /** @internal */ isClosed(): boolean {
    return this.closed;
  }
  /** @internal */ openCall(method: 'Stream' | 'Snapshot', done: (err: grpc.ServiceError | null) => void): grpc.ClientWritableStream<Uint8Array> {
    const md = new grpc.Metadata();
    md.set(FROM_KEY, this.o.self);
    md.set(CLUSTER_KEY, this.o.cluster);
    const fn = (this.client as unknown as Record<string, (md: grpc.Metadata, cb: (err: grpc.ServiceError | null) => void) => grpc.ClientWritableStream<Uint8Array>>)[method]!;
    return fn.call(this.client, md, done);
  }
  /** @internal */ connectionSucceeded(): void {
    this.breaker.success();
  }
  /** @internal */ connectionFailed(): number {
    this.breaker.failure();
    return this.breaker.consecutiveFailures();
  }
}

/** One client-streaming call and its queue. */
class Lane {
  queue: Message[] = [];
  /** A probe to send with the next frame; only the latest matters. */
  probe: Probe | undefined;
  connected = false;
  sent = 0;
  dropped = 0;
  private call: grpc.ClientWritableStream<Uint8Array> | undefined;
  private waitingForDrain = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly link: PeerLink, private readonly method: 'Stream' | 'Snapshot') {}

  enqueue(m: Message): void {
    if (this.queue.length >= this.link.options.maxQueuedMessages) {
      this.dropped++;
      return;
    }
    this.queue.push(m);
  }

  private ensureCall(): grpc.ClientWritableStream<Uint8Array> | undefined {
    if (this.call || this.retryTimer) return this.call;
    const call = this.link.openCall(this.method, (err) => this.ended(call, err));
    call.on('metadata', () => {
      this.connected = true;
      this.link.connectionSucceeded();
    });
    call.on('drain', () => {
      this.waitingForDrain = false;
      this.flush();
    });
    call.on('error', () => {}); // reported through the callback
    this.call = call;
    return call;
  }

  private ended(call: grpc.ClientWritableStream<Uint8Array>, err: grpc.ServiceError | null): void {
    if (this.call !== call) return;
    this.call = undefined;
    this.connected = false;
    this.waitingForDrain = false;
    if (this.link.isClosed()) return;
    // Queued messages are stale by the time we reconnect; Raft resends what matters.
    this.dropped += this.queue.length;
    this.queue = [];
    this.probe = undefined;
    const attempt = this.link.connectionFailed();
    const o = this.link.options;
    const delay = backoffDelayMs(attempt, o.backoff, Math.random);
    // Once per run of failures, loud enough to be seen: a peer that refuses this node (its
    // certificate, its cluster) or cannot be reached at all looks the same to Raft.
    if (attempt === o.breaker.failureThreshold) o.log.warn({ peer: o.peer, address: o.address, attempts: attempt, err: err?.details ?? 'stream ended' }, 'peer link keeps failing; backing off');
    o.log.debug({ peer: o.peer, attempt, delayMs: delay, err: err?.details ?? 'stream ended' }, 'peer stream closed; reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.queue.length > 0 || this.probe !== undefined) this.flush();
    }, delay);
    this.retryTimer.unref();
  }

  flush(): void {
    if (this.waitingForDrain || (this.queue.length === 0 && this.probe === undefined)) return;
    const call = this.ensureCall();
    if (!call) return; // backing off; the timer flushes
    const o = this.link.options;
    // The probe rides on the first frame written, or goes alone.
    if (this.queue.length === 0 && this.probe !== undefined) {
      const probe = this.probe;
      this.probe = undefined;
      if (!call.write(encodeBatch([], probe))) this.waitingForDrain = true;
      return;
    }
    while (this.queue.length > 0) {
      const n = this.method === 'Snapshot' ? 1 : Math.min(MAX_MESSAGES_PER_FRAME, this.queue.length);
      const probe = this.probe;
      let batch = this.queue.slice(0, n);
      let frame = encodeBatch(batch, probe);
      while (frame.length > o.maxFrameBytes && batch.length > 1) {
        batch = batch.slice(0, Math.ceil(batch.length / 2));
        frame = encodeBatch(batch, probe);
      }
      this.queue.splice(0, batch.length);
      if (frame.length > o.maxFrameBytes) {
        this.dropped += batch.length;
        o.log.warn({ peer: o.peer, bytes: frame.length, limit: o.maxFrameBytes }, 'dropping a message larger than the frame limit');
        continue;
      }
      this.probe = undefined;
      this.sent += batch.length;
      if (!call.write(frame)) {
        this.waitingForDrain = true;
        return;
      }
    }
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.call?.end();
    this.call = undefined;
  }
}
