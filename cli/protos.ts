import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { Long, MethodDefinition as LoadedMethodDefinition } from '@grpc/proto-loader';
import { ADMIN_SERVICE_NAME, clientPackageDefinition, LEDGER_SERVICE_NAME, ROSTER_SERVICE_NAME } from '../node/wire/protos.ts';
import type { LedgerDefinition } from '../node/wire/generated/rosterd/ledger/v1/Ledger.ts';
import type { AdminDefinition } from '../node/wire/generated/rosterd/admin/v1/Admin.ts';
import type { RosterDefinition } from '../node/wire/generated/rosterd/v1/Roster.ts';
import type { WatchEvent__Output, WatchRequest } from '../node/wire/generated/rosterd/v1/index.ts';

/**
 * The client's view of proto/roster.proto, proto/admin.proto and proto/ledger.proto: the unary methods
 * rosterctl calls, each typed by the generated types of its request (the input type, as
 * a sender builds it) and reply (the __Output type, as the loader delivers it with
 * LOADER_OPTIONS: every field present, unset messages null). The .proto files are
 * loaded at run time, once, on the first call: commands that fail validation never pay
 * for it.
 */

/**
 * A request as rosterctl builds it: the generated input type with every field present
 * and every nested message set, recursively. Commands read back what they send (the
 * request id, the block), and set every field rather than leave it to the server's
 * defaults. Not for messages with a oneof, whose members exclude each other.
 */
export type Filled<T> = T extends string | number | boolean | Long | Uint8Array
  ? T
  : T extends readonly (infer E)[]
    ? Filled<E>[]
    : { [K in keyof T]-?: Filled<NonNullable<T[K]>> };

/** A service's methods by name, without grpc-js's catch-all index signature. */
type Methods<D> = { [K in keyof D as string extends K ? never : K]: D[K] };
/** The request (input type) and reply (__Output type) of a method of a generated service definition. */
type RequestOf<M> = M extends LoadedMethodDefinition<infer Req, infer _Res, infer _ReqOut, infer _ResOut> ? Req : never;
type ReplyOf<M> = M extends LoadedMethodDefinition<infer _Req, infer _Res, infer _ReqOut, infer ResOut> ? ResOut : never;

/** Fully qualified name of the Roster service. */
export const ROSTER_SERVICE = ROSTER_SERVICE_NAME;
/** Fully qualified name of the Admin service. */
export const ADMIN_SERVICE = ADMIN_SERVICE_NAME;
/** Fully qualified name of the Ledger service. */
export const LEDGER_SERVICE = LEDGER_SERVICE_NAME;

/**
 * A unary method by name, typed by its request and reply. It carries no loaded state, so
 * descriptors can be module constants; `definitionOf` resolves it against the loaded protos.
 */
export interface UnaryMethod<Req, Res> {
  readonly service: typeof ROSTER_SERVICE | typeof ADMIN_SERVICE | typeof LEDGER_SERVICE;
  readonly name: string;
  /** Whether the call changes state: decides whether an interrupted attempt leaves the outcome unknown. */
  readonly write: boolean;
  /** Phantom fields: only carry the types. */
  readonly _req?: Req;
  readonly _res?: Res;
}

/** A Roster method by its name in the generated RosterDefinition, so a renamed method or message fails the type check. */
function roster<K extends keyof Methods<RosterDefinition> & string>(name: K, write: boolean): UnaryMethod<RequestOf<RosterDefinition[K]>, ReplyOf<RosterDefinition[K]>> {
  return Object.freeze({ service: ROSTER_SERVICE, name, write });
}

/** An Admin method by its name in the generated AdminDefinition. */
function admin<K extends keyof Methods<AdminDefinition> & string>(name: K, write: boolean): UnaryMethod<RequestOf<AdminDefinition[K]>, ReplyOf<AdminDefinition[K]>> {
  return Object.freeze({ service: ADMIN_SERVICE, name, write });
}

/** A Ledger method by its name in the generated LedgerDefinition. */
function ledger<K extends keyof Methods<LedgerDefinition> & string>(name: K, write: boolean): UnaryMethod<RequestOf<LedgerDefinition[K]>, ReplyOf<LedgerDefinition[K]>> {
  return Object.freeze({ service: LEDGER_SERVICE, name, write });
}

/** rosterd.v1.Roster: schedule writes (through Raft, on the leader) and reads. */
export const Roster = {
  AddPerson: roster('AddPerson', true),
  AddBlock: roster('AddBlock', true),
  Assign: roster('Assign', true),
  Unassign: roster('Unassign', true),
  Swap: roster('Swap', true),
  Move: roster('Move', true),
  SetPools: roster('SetPools', true),
  GetPools: roster('GetPools', false),
  AcquireLock: roster('AcquireLock', true),
  RenewLock: roster('RenewLock', true),
  ReleaseLock: roster('ReleaseLock', true),
  GetLocks: roster('GetLocks', false),
  GetSchedule: roster('GetSchedule', false),
  ListPeople: roster('ListPeople', false),
  ListBlocks: roster('ListBlocks', false),
  Cover: roster('Cover', true),
  Uncover: roster('Uncover', true),
  ListCoverage: roster('ListCoverage', false),
  ResolveConflict: roster('ResolveConflict', true),
  Contingency: roster('Contingency', false),
} as const;

/** rosterd.admin.v1.Admin: status, membership, leadership, snapshots. */
export const Admin = {
  Status: admin('Status', false),
  Members: admin('Members', false),
  AddMember: admin('AddMember', true),
  PromoteMember: admin('PromoteMember', true),
  RemoveMember: admin('RemoveMember', true),
  TransferLeader: admin('TransferLeader', true),
  Snapshot: admin('Snapshot', true),
  SetIsolation: admin('SetIsolation', true),
} as const;

/** rosterd.ledger.v1.Ledger: commitments, the ledger, keys, heads and evidence. */
export const Ledger = {
  // A commitment of a version that is committed already answers with its entry: safe to retry.
  Commit: ledger('Commit', true),
  GetLedger: ledger('GetLedger', false),
  ListKeys: ledger('ListKeys', false),
  GetHead: ledger('GetHead', false),
  ListEvidence: ledger('ListEvidence', false),
  ReportEvidence: ledger('ReportEvidence', true),
} as const;

/** The service definition by full name, as a grpc-js server's addService expects. */
export function serviceDefinition(service: UnaryMethod<unknown, unknown>['service']): ServiceDefinition {
  const def = clientPackageDefinition()[service];
  if (def === undefined || 'format' in def) throw new Error(`proto: service ${service} not found`);
  return def as ServiceDefinition;
}

/** The server-streaming Watch method's path and (de)serializers. */
export function watchDefinition(): MethodDefinition<WatchRequest, WatchEvent__Output> {
  const def = serviceDefinition(ROSTER_SERVICE)['Watch'];
  if (def === undefined || !def.responseStream) throw new Error(`proto: method ${ROSTER_SERVICE}/Watch not found`);
  return def as MethodDefinition<WatchRequest, WatchEvent__Output>;
}

/** The method's path and (de)serializers. Throws if the .proto files lack it (a build mismatch). */
export function definitionOf<Req, Res>(method: UnaryMethod<Req, Res>): MethodDefinition<Req, Res> {
  const def = serviceDefinition(method.service)[method.name];
  if (def === undefined) throw new Error(`proto: method ${method.service}/${method.name} not found`);
  return def as MethodDefinition<Req, Res>;
}
