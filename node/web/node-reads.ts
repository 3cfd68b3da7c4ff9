import * as grpc from '@grpc/grpc-js';
import { FIRST_INDEX_KEY } from '../errors.ts';
import { clientPackageDefinition } from '../wire/protos.ts';
import type { ProtoGrpcType as AdminProto } from '../wire/generated/admin.ts';
import type { ProtoGrpcType as LedgerProto } from '../wire/generated/ledger.ts';
import type { ProtoGrpcType as RosterProto } from '../wire/generated/roster.ts';
import type { AdminClient } from '../wire/generated/rosterd/admin/v1/Admin.ts';
import type { MembersReply__Output, NodeStatus__Output } from '../wire/generated/rosterd/admin/v1/index.ts';
import type { LedgerClient } from '../wire/generated/rosterd/ledger/v1/Ledger.ts';
import type { GetLedgerReply__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import type { RosterClient } from '../wire/generated/rosterd/v1/Roster.ts';
import type * as v1 from '../wire/generated/rosterd/v1/index.ts';
import { channelFor, type TlsMaterial } from '../tls/index.ts';

/**
 * The gateway's TLS identity: the node's own certificate (a facility certificate may
 * read, node/tls/access-table.ts). The node it reads must present facility `self`'s
 * certificate; other members' certificates must name the address dialed.
 */
export interface NodeReadsTls {
  readonly material: TlsMaterial;
  readonly cluster: string;
  readonly self: string;
}

/** Commitments of one block the page lists (a block is committed a few times a day, not thousands). */
export const LEDGER_PAGE = 1000;
/** Deadline of one read of the node's own state (loopback: a slow answer means a loaded node). */
const READ_DEADLINE_MS = 5000;
/** Deadline of another member's Status: a member that does not answer in time is shown as silent. */
export const PEER_STATUS_DEADLINE_MS = 800;

/**
 * Channels to a node on this machine: a node that restarts is found again within a
 * second, not after grpc-js's default backoff of up to two minutes.
 */
const CHANNEL_OPTIONS: grpc.ChannelOptions = Object.freeze({ 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1000 });

/** A failed call, as the web gateway reports it: the status code name and the server's message. */
export class ReadFailed extends Error {
  override readonly name = 'ReadFailed';
  constructor(
    readonly code: grpc.status,
    message: string,
    /** For OUT_OF_RANGE from Watch: where the node can resume (0 when it did not say). */
    readonly firstIndex: number,
  ) {
    super(message);
  }
}

function failed(e: grpc.ServiceError): ReadFailed {
  const first = Number(e.metadata?.get(FIRST_INDEX_KEY)[0] ?? 0);
  return new ReadFailed(e.code, `${grpc.status[e.code] ?? e.code}: ${e.details}`, Number.isSafeInteger(first) ? first : 0);
}

/** What a watch stream hands its owner. */
export interface WatchHandlers {
  change(change: v1.WatchChange__Output): void;
  progress(index: number): void;
  /** The stream ended with an error (the owner decides whether and where to resume). */
  ended(error: ReadFailed): void;
}

/**
 * The web gateway's only way into the node: a gRPC client of the node's own public
 * API, read methods only (Roster and Ledger reads are stale reads: the node's applied state, with the read header
 * saying how fresh it is), plus Admin.Status of the other members. So the page can show
 * nothing that `rosterctl` could not read, and reuses every read path as it is.
 */
export class NodeReads {
  private readonly roster: RosterClient;
  private readonly admin: AdminClient;
  private readonly ledgerClient: LedgerClient;
  private readonly peers = new Map<string, AdminClient>();
  private readonly proto: RosterProto & AdminProto & LedgerProto;

  /** `address`: the node's own gRPC address, dialable from here (host:port); `tls`: with mutual TLS on. */
  constructor(
    readonly address: string,
    private readonly tls?: NodeReadsTls,
  ) {
    this.proto = grpc.loadPackageDefinition(clientPackageDefinition()) as unknown as RosterProto & AdminProto & LedgerProto;
    const own = (): [grpc.ChannelCredentials, grpc.ChannelOptions] => {
      const ch = channelFor(tls?.material, address, tls ? { cluster: tls.cluster, facility: tls.self } : undefined);
      return [ch.credentials, { ...CHANNEL_OPTIONS, ...ch.options }];
    };
    this.roster = new this.proto.rosterd.v1.Roster(address, ...own());
    this.admin = new this.proto.rosterd.admin.v1.Admin(address, ...own());
    this.ledgerClient = new this.proto.rosterd.ledger.v1.Ledger(address, ...own());
  }

  private call<T>(start: (options: grpc.CallOptions, cb: grpc.requestCallback<T>) => void, deadlineMs = READ_DEADLINE_MS): Promise<T> {
    return new Promise((resolve, reject) =>
      start({ deadline: Date.now() + deadlineMs }, (err, value) => (err ? reject(failed(err)) : value === undefined ? reject(new ReadFailed(grpc.status.INTERNAL, 'empty reply', 0)) : resolve(value))),
    );
  }

  schedule(block: string): Promise<v1.GetScheduleReply__Output> {
    return this.call((o, cb) => this.roster.GetSchedule({ block, read: { stale: true } }, o, cb));
  }

  pools(facility: string, block: string): Promise<v1.GetPoolsReply__Output> {
    return this.call((o, cb) => this.roster.GetPools({ facility, block, read: { stale: true } }, o, cb));
  }

  blocks(): Promise<v1.ListBlocksReply__Output> {
    return this.call((o, cb) => this.roster.ListBlocks({ read: { stale: true } }, o, cb));
  }

  people(): Promise<v1.ListPeopleReply__Output> {
    return this.call((o, cb) => this.roster.ListPeople({ read: { stale: true } }, o, cb));
  }

  /** The N-1 experiment of the block, on the node's applied state. */
  contingency(block: string): Promise<v1.ContingencyReply__Output> {
    return this.call((o, cb) => this.roster.Contingency({ block, lose: 1, read: { stale: true } }, o, cb));
  }

  /** The block's ledger entries (oldest first) and the ledger's head, from the node's applied state. */
  ledger(block: string): Promise<GetLedgerReply__Output> {
    return this.call((o, cb) => this.ledgerClient.GetLedger({ block, limit: LEDGER_PAGE, stale: true }, o, cb));
  }

  members(): Promise<MembersReply__Output> {
    return this.call((o, cb) => this.admin.Members({}, o, cb));
  }

  /** Admin.Status of the node itself, or of the member at `address`. */
  status(address?: string): Promise<NodeStatus__Output> {
    if (address === undefined || address === this.address) return this.call((o, cb) => this.admin.Status({}, o, cb));
    let client = this.peers.get(address);
    if (client === undefined) {
      const ch = channelFor(this.tls?.material, address);
      client = new this.proto.rosterd.admin.v1.Admin(address, ch.credentials, { ...CHANNEL_OPTIONS, ...ch.options });
      this.peers.set(address, client);
    }
    const peer = client;
    return this.call((o, cb) => peer.Status({}, o, cb), PEER_STATUS_DEADLINE_MS);
  }

  /** Roster.Watch of `block` ('' : every block) from `fromIndex` (0: from now on). Returns its cancel. */
  watch(block: string, fromIndex: number, h: WatchHandlers): () => void {
    const call = this.roster.Watch({ block, fromIndex });
    let over = false;
    call.on('data', (e: v1.WatchEvent__Output) => {
      if (over) return;
      if (e.change) h.change(e.change);
      else if (e.progress) h.progress(e.progress.index);
    });
    call.on('error', (e: grpc.ServiceError) => {
      if (over) return;
      over = true;
      h.ended(failed(e));
    });
    call.on('end', () => {
      if (over) return;
      over = true;
      h.ended(new ReadFailed(grpc.status.UNAVAILABLE, 'the watch stream ended', 0));
    });
    return () => {
      over = true;
      call.cancel();
    };
  }

  close(): void {
    this.roster.close();
    this.admin.close();
    this.ledgerClient.close();
    for (const c of this.peers.values()) c.close();
    this.peers.clear();
  }
}
