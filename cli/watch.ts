import * as grpc from '@grpc/grpc-js';
import { status as Code } from '@grpc/grpc-js';
import { RETRY_AFTER_MS_KEY } from '../node/errors.ts';
import { CliError, serverError, statusName } from './errors.ts';
import { ExitCode } from './exit-codes.ts';
import type { WatchChange__Output, WatchEvent__Output, WatchRequest } from '../node/wire/generated/rosterd/v1/index.ts';
import { watchDefinition } from './protos.ts';
import { backoffDelayMs } from '../node/transport/backoff.ts';
import { ENDPOINT_BACKOFF } from './retry-policy.ts';
import { channelFor, type TlsMaterial } from '../node/tls/tls-material.ts';

/**
 * Following a Watch stream across node failures, without gaps or repeats: the follower
 * keeps `next`, the first log index it has not seen (the last change's index + 1, or a
 * progress message's index + 1). When a stream ends with anything but a final answer, it
 * reconnects to the next endpoint with from_index = next, backing off after each full
 * round of endpoints. A stream silent for WATCH_SILENCE_MS (servers send progress every
 * second) is taken for dead and replaced the same way. Each stream that starts serving is
 * announced through onNote with its endpoint and first index.
 */

/** A stream with no message for this long is treated as broken (servers send progress every second). */
export const WATCH_SILENCE_MS = 5000;

/** Channel options: a channel per attempt, failing fast, no transparent retries. */
const CHANNEL_OPTIONS: grpc.ChannelOptions = Object.freeze({
  'grpc.use_local_subchannel_pool': 1,
  'grpc.enable_retries': 0,
});

export interface WatchOptions {
  readonly endpoints: readonly string[];
  readonly block: string;
  readonly facility: string;
  /** 0: from now; N: replay from log index N. */
  readonly fromIndex: number;
  /** Stop after this many changes (undefined: never). */
  readonly maxEvents?: number;
  /** Stop at this epoch-ms time (undefined: never). */
  readonly untilMs?: number;
  /** Give up when no node has served the watch for this long. */
  readonly reconnectTimeoutMs: number;
  readonly onChange: (change: WatchChange__Output) => void;
  /** Remarks for people (reconnects). */
  readonly onNote: (text: string) => void;
  /** The client's TLS identity (--cacert/--cert/--key); absent: plaintext. */
  readonly tls?: TlsMaterial;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface WatchSummary {
  readonly changes: number;
  /** The index to resume from with --from-index. */
  readonly nextIndex: number;
  readonly reason: 'max-events' | 'duration';
}

type StreamOutcome =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly code: Code; readonly message: string; readonly metadata: Record<string, string>; readonly served: boolean };

/** Follows the watch until maxEvents or untilMs; throws CliError on a final error. */
export async function followWatch(o: WatchOptions): Promise<WatchSummary> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = o.random ?? Math.random;
  let next = o.fromIndex;
  let changes = 0;
  let attempt = 0;
  let round = 0;
  let lastServedAt = Date.now();
  const done = (): WatchSummary | undefined => {
    if (o.maxEvents !== undefined && changes >= o.maxEvents) return { changes, nextIndex: next, reason: 'max-events' };
    if (o.untilMs !== undefined && Date.now() >= o.untilMs) return { changes, nextIndex: next, reason: 'duration' };
    return undefined;
  };
  for (;;) {
    const finished = done();
    if (finished) return finished;
    const address = o.endpoints[attempt % o.endpoints.length] as string;
    let following = false;
    const outcome = await streamOnce(o.tls, address, { block: o.block, facility: o.facility, fromIndex: next }, o.untilMs, (event) => {
      if (!following) {
        // The first message of a stream is sent once the node has subscribed it to new
        // changes: from here on nothing is missed, which people (and scripts) may wait for.
        following = true;
        const from = event.progress ? Math.max(next, event.progress.index + 1) : next || (event.change?.index ?? 0);
        o.onNote(`watch: following at ${address} from index ${from}`);
      }
      if (event.progress) {
        next = Math.max(next, event.progress.index + 1);
      } else if (event.change) {
        if (event.change.index < next) return false; // already printed before a reconnect
        o.onChange(event.change);
        next = event.change.index + 1;
        changes++;
      }
      return o.maxEvents !== undefined && changes >= o.maxEvents;
    });
    if (outcome.kind === 'stopped') {
      const summary = done();
      if (summary) return summary;
      continue;
    }
    if (outcome.served) {
      lastServedAt = Date.now();
      round = 0;
    }
    switch (outcome.code) {
      case Code.OUT_OF_RANGE:
      case Code.INVALID_ARGUMENT:
      case Code.NOT_FOUND:
      case Code.UNIMPLEMENTED:
        throw serverError(outcome.code, outcome.message);
      default:
        break;
    }
    if (Date.now() - lastServedAt > o.reconnectTimeoutMs) {
      throw new CliError(
        'UNAVAILABLE',
        `no node served the watch for ${o.reconnectTimeoutMs} ms (last: ${address}: ${outcome.message}); resume with --from-index ${next}`,
        ExitCode.UNAVAILABLE,
      );
    }
    attempt++;
    o.onNote(`watch: ${address}: ${statusName(outcome.code)} ${outcome.message}; resuming from index ${next || 'now'} at ${o.endpoints[attempt % o.endpoints.length]}`);
    const hint = Number(outcome.metadata[RETRY_AFTER_MS_KEY]);
    if (outcome.code === Code.RESOURCE_EXHAUSTED && Number.isFinite(hint)) await sleep(hint);
    else if (attempt % o.endpoints.length === 0) await sleep(backoffDelayMs(++round, ENDPOINT_BACKOFF, random));
  }
}

/**
 * One stream at one address. `onEvent` returns true to stop (enough changes). Resolves
 * when stopped, or with the failure (including a clean end, silence, or untilMs).
 */
function streamOnce(tls: TlsMaterial | undefined, address: string, request: WatchRequest, untilMs: number | undefined, onEvent: (e: WatchEvent__Output) => boolean): Promise<StreamOutcome> {
  const channel = channelFor(tls, address);
  const client = new grpc.Client(address, channel.credentials, { ...CHANNEL_OPTIONS, ...channel.options });
  const def = watchDefinition();
  return new Promise<StreamOutcome>((resolve) => {
    let settled = false;
    let served = false;
    let stopped = false;
    const call = client.makeServerStreamRequest(def.path, def.requestSerialize, def.responseDeserialize, request, new grpc.Metadata(), {});
    const finish = (outcome: StreamOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(silence);
      clearTimeout(until);
      call.cancel();
      client.close();
      resolve(outcome);
    };
    const stop = (): void => {
      stopped = true;
      finish({ kind: 'stopped' });
    };
    let silence = setTimeout(() => finish({ kind: 'failed', code: Code.UNAVAILABLE, message: `no message for ${WATCH_SILENCE_MS} ms`, metadata: {}, served }), WATCH_SILENCE_MS);
    const until = untilMs === undefined ? undefined : setTimeout(stop, Math.max(0, untilMs - Date.now()));
    call.on('data', (event: WatchEvent__Output) => {
      if (settled) return;
      served = true;
      clearTimeout(silence);
      silence = setTimeout(() => finish({ kind: 'failed', code: Code.UNAVAILABLE, message: `no message for ${WATCH_SILENCE_MS} ms`, metadata: {}, served }), WATCH_SILENCE_MS);
      if (onEvent(event)) stop();
    });
    call.on('error', (err: grpc.ServiceError) => {
      if (stopped) return;
      const metadata: Record<string, string> = {};
      for (const [key, value] of Object.entries(err.metadata?.getMap() ?? {})) if (typeof value === 'string') metadata[key.toLowerCase()] = value;
      finish({ kind: 'failed', code: err.code, message: err.details || err.message, metadata, served });
    });
    call.on('end', () => finish({ kind: 'failed', code: Code.UNAVAILABLE, message: 'the server ended the stream', metadata: {}, served }));
  });
}
