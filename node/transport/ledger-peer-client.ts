import * as grpc from '@grpc/grpc-js';
import type { LedgerPeers } from '../ledger/ledger-peers.ts';
import type { LedgerClient } from '../wire/generated/rosterd/ledger/v1/Ledger.ts';
import type { GetHeadReply__Output, VoteReply__Output, VoteRequest__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import { clientPackageDefinition, LEDGER_SERVICE_NAME } from '../wire/protos.ts';
import { channelFor, type TlsMaterial } from '../tls/index.ts';

/**
 * LedgerPeers over gRPC: a Ledger client per peer address (the same port as the Raft
 * peer service), created on first use and replaced when the peer's address changes.
 * Each call carries a deadline and waits for a connection within it (a peer that just
 * restarted is still asked, rather than failed at once because an earlier connection
 * attempt was refused); a peer that cannot be reached in time rejects it.
 */

/** Reconnect quickly: a vote request waits for the connection, and a restarted peer is back within a second. */
const CHANNEL_OPTIONS: grpc.ChannelOptions = Object.freeze({ 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1000 });
/** Call metadata that makes the call wait for a connection (within its deadline) instead of failing at once. */
function waitForReady(): grpc.Metadata {
  return new grpc.Metadata({ waitForReady: true });
}

export class GrpcLedgerPeers implements LedgerPeers {
  private readonly clients = new Map<string, { address: string; client: LedgerClient }>();
  private ctor: grpc.ServiceClientConstructor | undefined;

  /** `tls`: this node's certificate, and each peer must present its own facility's; absent: plaintext. */
  constructor(
    private readonly addressOf: (facility: string) => string,
    private readonly cluster: string,
    private readonly tls?: TlsMaterial,
  ) {}

  requestVote(facility: string, request: VoteRequest__Output, timeoutMs: number): Promise<VoteReply__Output> {
    return new Promise((resolve, reject) =>
      this.client(facility).RequestVote(request, waitForReady(), { deadline: Date.now() + timeoutMs }, (err, reply) => (err || !reply ? reject(err ?? new Error('empty reply')) : resolve(reply))),
    );
  }

  getHead(facility: string, timeoutMs: number): Promise<GetHeadReply__Output> {
    return new Promise((resolve, reject) =>
      this.client(facility).GetHead({}, waitForReady(), { deadline: Date.now() + timeoutMs }, (err, reply) => (err || !reply ? reject(err ?? new Error('empty reply')) : resolve(reply))),
    );
  }

  close(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }

  private client(facility: string): LedgerClient {
    const address = this.addressOf(facility);
    const held = this.clients.get(facility);
    if (held && held.address === address) return held.client;
    held?.client.close();
    this.ctor ??= grpc.makeClientConstructor(clientPackageDefinition()[LEDGER_SERVICE_NAME] as grpc.ServiceDefinition, 'Ledger');
    const channel = channelFor(this.tls, address, { cluster: this.cluster, facility });
    const client = new this.ctor(address, channel.credentials, { ...CHANNEL_OPTIONS, ...channel.options }) as unknown as LedgerClient;
    this.clients.set(facility, { address, client });
    return client;
  }
}
