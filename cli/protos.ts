import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';

/**
 * The client's view of proto/roster.proto and proto/admin.proto: message shapes as
 * @grpc/proto-loader decodes them with LOADER_OPTIONS (camelCase fields, uint64 as
 * number, enums as their names, unset scalars as defaults, unset messages as null), and
 * the unary methods rosterctl calls. The .proto files are loaded at run time, once, on the
 * first call: commands that fail validation never pay for it.
 */

/** Options every loader of these protos must share, or field names and types differ. */
export const LOADER_OPTIONS: protoLoader.Options = Object.freeze({
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});

export type PersonRole = 'RESIDENT' | 'FACULTY';

export interface Person {
  id: string;
  name: string;
  role: PersonRole;
  homeFacility: string;
}
export interface Block {
  id: string;
  start: string;
  end: string;
}
export interface Assignment {
  person: string;
  facility: string;
  pool: string;
  block: string;
}
export interface WriteHeader {
  requestId: string;
}
export interface AddPersonRequest {
  header: WriteHeader;
  person: Person;
}
export interface AddBlockRequest {
  header: WriteHeader;
  block: Block;
}
export interface AssignRequest {
  header: WriteHeader;
  assignment: Assignment;
  /** Fencing tokens of the locks on the block (empty: none). */
  lockTokens: number[];
}
export interface AssignmentRef {
  person: string;
  block: string;
}
export interface SwapRequest {
  header: WriteHeader;
  exchange: { first: AssignmentRef; second: AssignmentRef };
  lockTokens: number[];
}
export interface MoveRequest {
  header: WriteHeader;
  move: { person: string; block: string; toPerson: string; toFacility: string; toPool: string };
  lockTokens: number[];
}
export interface PoolSpec {
  name: string;
  capacity: number;
  reserved: number;
  borrowLimit: number;
  flex: boolean;
}
export interface SetPoolsRequest {
  header: WriteHeader;
  facility: string;
  pools: PoolSpec[];
}
export interface GetPoolsRequest {
  facility: string;
  block: string;
  read: ReadOptions;
}
export interface PoolUsage {
  pool: PoolSpec | null;
  assigned: number;
  borrowed: number;
  lent: number;
  left: number;
}
export interface GetPoolsReply {
  header: ReadHeader | null;
  facility: string;
  custom: boolean;
  pools: PoolUsage[];
}
export interface Lock {
  block: string;
  facility: string;
  holder: string;
  token: number;
  grantedAtMs: number;
  expiresAtMs: number;
  expired: boolean;
}
export interface AcquireLockRequest {
  header: WriteHeader;
  lock: { block: string; facility: string; holder: string; ttlMs: number };
}
export interface RenewLockRequest {
  header: WriteHeader;
  lock: { block: string; facility: string; token: number; ttlMs: number };
}
export interface ReleaseLockRequest {
  header: WriteHeader;
  lock: { block: string; facility: string; token: number };
}
export interface GetLocksRequest {
  block: string;
  read: ReadOptions;
}
export interface GetLocksReply {
  header: ReadHeader | null;
  locks: Lock[];
  logClockMs: number;
}
export interface WatchRequest {
  block: string;
  facility: string;
  fromIndex: number;
}
export interface WatchChange {
  index: number;
  timestampMs: number;
  requestId: string;
  kind: string;
  detail: string;
  added: Assignment[];
  removed: Assignment[];
  lock: Lock | null;
  poolsFacility: string;
  pools: PoolSpec[];
  block: Block | null;
}
/** One message of the Watch stream: a change, or progress (every change up to `index` was sent). */
export interface WatchEvent {
  change?: WatchChange | null;
  progress?: { index: number } | null;
}
export interface WriteReply {
  index: number;
  detail: string;
  /** The request id had been applied already: index and detail are the first outcome's. */
  retried: boolean;
  lock: Lock | null;
}
export interface ReadOptions {
  stale: boolean;
}
export interface ReadHeader {
  appliedIndex: number;
  msSinceLeaderContact: number;
  servedBy: string;
}
export interface GetScheduleRequest {
  block: string;
  facility: string;
  read: ReadOptions;
}
export interface GetScheduleReply {
  header: ReadHeader | null;
  block: Block | null;
  assignments: Assignment[];
}
export interface ListRequest {
  read: ReadOptions;
}
export interface ListPeopleReply {
  header: ReadHeader | null;
  people: Person[];
}
export interface ListBlocksReply {
  header: ReadHeader | null;
  blocks: Block[];
}

export type Empty = Record<string, never>;

export interface NodeStatus {
  id: string;
  address: string;
  role: string;
  term: number;
  leader: string;
  commitIndex: number;
  appliedIndex: number;
  firstIndex: number;
  lastIndex: number;
  cluster: string;
  partitionState: string;
  version: string;
}
export interface Member {
  id: string;
  address: string;
  voter: boolean;
  matchIndex: number;
  reachable: boolean;
}
export interface MembersReply {
  leader: string;
  members: Member[];
}
export interface AddMemberRequest {
  id: string;
  address: string;
}
export interface MemberRequest {
  id: string;
}
export interface TransferLeaderRequest {
  to: string;
}
export interface TransferLeaderReply {
  leader: string;
}
export interface SnapshotReply {
  index: number;
  bytes: number;
}

/** Fully qualified service names, as in the .proto packages. */
export const ROSTER_SERVICE = 'rosterd.v1.Roster';
export const ADMIN_SERVICE = 'rosterd.admin.v1.Admin';

/**
 * A unary method by name, typed by its request and reply. It carries no loaded state, so
 * descriptors can be module constants; `definitionOf` resolves it against the loaded protos.
 */
export interface UnaryMethod<Req, Res> {
  readonly service: typeof ROSTER_SERVICE | typeof ADMIN_SERVICE;
  readonly name: string;
  /** Whether the call changes state: decides whether an interrupted attempt leaves the outcome unknown. */
  readonly write: boolean;
  /** Phantom fields: only carry the types. */
  readonly _req?: Req;
  readonly _res?: Res;
}

function unary<Req, Res>(service: UnaryMethod<Req, Res>['service'], name: string, write: boolean): UnaryMethod<Req, Res> {
  return Object.freeze({ service, name, write });
}

/** rosterd.v1.Roster: schedule writes (through Raft, on the leader) and reads. */
export const Roster = {
  AddPerson: unary<AddPersonRequest, WriteReply>(ROSTER_SERVICE, 'AddPerson', true),
  AddBlock: unary<AddBlockRequest, WriteReply>(ROSTER_SERVICE, 'AddBlock', true),
  Assign: unary<AssignRequest, WriteReply>(ROSTER_SERVICE, 'Assign', true),
  Unassign: unary<AssignRequest, WriteReply>(ROSTER_SERVICE, 'Unassign', true),
  Swap: unary<SwapRequest, WriteReply>(ROSTER_SERVICE, 'Swap', true),
  Move: unary<MoveRequest, WriteReply>(ROSTER_SERVICE, 'Move', true),
  SetPools: unary<SetPoolsRequest, WriteReply>(ROSTER_SERVICE, 'SetPools', true),
  GetPools: unary<GetPoolsRequest, GetPoolsReply>(ROSTER_SERVICE, 'GetPools', false),
  AcquireLock: unary<AcquireLockRequest, WriteReply>(ROSTER_SERVICE, 'AcquireLock', true),
  RenewLock: unary<RenewLockRequest, WriteReply>(ROSTER_SERVICE, 'RenewLock', true),
  ReleaseLock: unary<ReleaseLockRequest, WriteReply>(ROSTER_SERVICE, 'ReleaseLock', true),
  GetLocks: unary<GetLocksRequest, GetLocksReply>(ROSTER_SERVICE, 'GetLocks', false),
  GetSchedule: unary<GetScheduleRequest, GetScheduleReply>(ROSTER_SERVICE, 'GetSchedule', false),
  ListPeople: unary<ListRequest, ListPeopleReply>(ROSTER_SERVICE, 'ListPeople', false),
  ListBlocks: unary<ListRequest, ListBlocksReply>(ROSTER_SERVICE, 'ListBlocks', false),
} as const;

/** rosterd.admin.v1.Admin: status, membership, leadership, snapshots. */
export const Admin = {
  Status: unary<Empty, NodeStatus>(ADMIN_SERVICE, 'Status', false),
  Members: unary<Empty, MembersReply>(ADMIN_SERVICE, 'Members', false),
  AddMember: unary<AddMemberRequest, MembersReply>(ADMIN_SERVICE, 'AddMember', true),
  PromoteMember: unary<MemberRequest, MembersReply>(ADMIN_SERVICE, 'PromoteMember', true),
  RemoveMember: unary<MemberRequest, MembersReply>(ADMIN_SERVICE, 'RemoveMember', true),
  TransferLeader: unary<TransferLeaderRequest, TransferLeaderReply>(ADMIN_SERVICE, 'TransferLeader', true),
  Snapshot: unary<Empty, SnapshotReply>(ADMIN_SERVICE, 'Snapshot', true),
} as const;

/** Absolute path of a file in proto/. */
function protoPath(file: string): string {
  return fileURLToPath(new URL(`../proto/${file}`, import.meta.url));
}

let loaded: protoLoader.PackageDefinition | undefined;

/** The loaded package definition of roster.proto and admin.proto (loaded once, synchronously). */
export function packageDefinition(): protoLoader.PackageDefinition {
  loaded ??= protoLoader.loadSync([protoPath('roster.proto'), protoPath('admin.proto')], LOADER_OPTIONS);
  return loaded;
}

/** The service definition by full name, as a grpc-js server's addService expects. */
export function serviceDefinition(service: UnaryMethod<unknown, unknown>['service']): ServiceDefinition {
  const def = packageDefinition()[service];
  if (def === undefined || 'format' in def) throw new Error(`proto: service ${service} not found`);
  return def as ServiceDefinition;
}

/** The server-streaming Watch method's path and (de)serializers. */
export function watchDefinition(): MethodDefinition<WatchRequest, WatchEvent> {
  const def = serviceDefinition(ROSTER_SERVICE)['Watch'];
  if (def === undefined || !def.responseStream) throw new Error(`proto: method ${ROSTER_SERVICE}/Watch not found`);
  return def as MethodDefinition<WatchRequest, WatchEvent>;
}

/** The method's path and (de)serializers. Throws if the .proto files lack it (a build mismatch). */
export function definitionOf<Req, Res>(method: UnaryMethod<Req, Res>): MethodDefinition<Req, Res> {
  const def = serviceDefinition(method.service)[method.name];
  if (def === undefined) throw new Error(`proto: method ${method.service}/${method.name} not found`);
  return def as MethodDefinition<Req, Res>;
}
