import { describePrincipal, ROLES, type Principal, type Role } from './identity-uri.ts';

/**
 * Who may call what: every method a node serves, with the least client role that may call
 * it and whether facility (node) certificates may. The one place authorization is
 * decided (access-gate.ts asks it for every call); a method missing here is refused to
 * everyone, so a method added to a .proto without a row cannot be called with TLS on.
 *
 *   viewer       reads, Watch, health and reflection
 *   coordinator  schedule writes and ledger commitments
 *   admin        membership, leader transfer, snapshots, pool tables, fault isolation
 *   facility     what nodes ask each other (Raft streams, ledger votes), and reads
 *
 * Roles are ordered (ROLES): a coordinator may do what a viewer may, an admin what a
 * coordinator may. A facility certificate is a node's identity, not a person's, so it
 * carries no role: a node reads its own API (the web page) and talks to its peers.
 */
export interface Access {
  /** The least client role allowed; undefined: no client role is (peer-only). */
  readonly role: Role | undefined;
  /** Whether facility (node) certificates are allowed. */
  readonly facility: boolean;
  /**
   * For peer methods, where the caller names the facility it speaks for: that name must
   * be the facility of its certificate. 'metadata:<key>' or 'request:<field>'.
   */
  readonly claim?: `metadata:${string}` | `request:${string}`;
}

const READ: Access = Object.freeze({ role: 'viewer', facility: true });
const WRITE: Access = Object.freeze({ role: 'coordinator', facility: false });
const ADMIN: Access = Object.freeze({ role: 'admin', facility: false });

const ROSTER = 'rosterd.v1.Roster';
const ADMIN_SERVICE = 'rosterd.admin.v1.Admin';
const LEDGER = 'rosterd.ledger.v1.Ledger';
const RAFT = 'rosterd.raft.RaftPeer';

/** The table, by gRPC method path (/package.Service/Method). */
export const ACCESS_TABLE: Readonly<Record<string, Access>> = Object.freeze({
  // rosterd.v1.Roster (proto/roster.proto)
  [`/${ROSTER}/AddPerson`]: WRITE,
  [`/${ROSTER}/AddBlock`]: WRITE,
  [`/${ROSTER}/Assign`]: WRITE,
  [`/${ROSTER}/Unassign`]: WRITE,
  [`/${ROSTER}/Swap`]: WRITE,
  [`/${ROSTER}/Move`]: WRITE,
  [`/${ROSTER}/AcquireLock`]: WRITE,
  [`/${ROSTER}/RenewLock`]: WRITE,
  [`/${ROSTER}/ReleaseLock`]: WRITE,
  [`/${ROSTER}/Cover`]: WRITE,
  [`/${ROSTER}/Uncover`]: WRITE,
  [`/${ROSTER}/ResolveConflict`]: WRITE,
  // A facility's pool table is its capacity, not a day's schedule: an administrator's setting.
  [`/${ROSTER}/SetPools`]: ADMIN,
  [`/${ROSTER}/GetSchedule`]: READ,
  [`/${ROSTER}/ListPeople`]: READ,
  [`/${ROSTER}/ListBlocks`]: READ,
  [`/${ROSTER}/GetPools`]: READ,
  [`/${ROSTER}/GetLocks`]: READ,
  [`/${ROSTER}/ListCoverage`]: READ,
  // Computes on the applied state and changes nothing.
  [`/${ROSTER}/Contingency`]: READ,
  [`/${ROSTER}/Watch`]: READ,
  // rosterd.admin.v1.Admin (proto/admin.proto)
  [`/${ADMIN_SERVICE}/Status`]: READ,
  [`/${ADMIN_SERVICE}/Members`]: READ,
  [`/${ADMIN_SERVICE}/AddMember`]: ADMIN,
  [`/${ADMIN_SERVICE}/PromoteMember`]: ADMIN,
  [`/${ADMIN_SERVICE}/RemoveMember`]: ADMIN,
  [`/${ADMIN_SERVICE}/TransferLeader`]: ADMIN,
  [`/${ADMIN_SERVICE}/Snapshot`]: ADMIN,
  [`/${ADMIN_SERVICE}/SetIsolation`]: ADMIN,
  // rosterd.ledger.v1.Ledger (proto/ledger.proto)
  [`/${LEDGER}/Commit`]: WRITE,
  [`/${LEDGER}/GetLedger`]: READ,
  [`/${LEDGER}/ListKeys`]: READ,
  [`/${LEDGER}/GetHead`]: READ,
  [`/${LEDGER}/ListEvidence`]: READ,
  // The statements carry their own signatures, so who reports them matters less than
  // that they reach the log: coordinators and nodes may.
  [`/${LEDGER}/ReportEvidence`]: Object.freeze({ role: 'coordinator', facility: true }),
  [`/${LEDGER}/RequestVote`]: Object.freeze({ role: undefined, facility: true, claim: 'request:coordinator' }),
  // rosterd.raft.RaftPeer (proto/raft.proto): the sender names itself in x-roster-from.
  [`/${RAFT}/Stream`]: Object.freeze({ role: undefined, facility: true, claim: 'metadata:x-roster-from' }),
  [`/${RAFT}/Snapshot`]: Object.freeze({ role: undefined, facility: true, claim: 'metadata:x-roster-from' }),
  // Standard services.
  '/grpc.health.v1.Health/Check': READ,
  '/grpc.health.v1.Health/Watch': READ,
  '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo': READ,
  '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo': READ,
});

/** Whether `role` is at least `least`. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** The method name of a path, for messages: "/rosterd.v1.Roster/Assign" -> "Roster.Assign". */
export function methodName(path: string): string {
  const m = /^\/(?:[\w.]+\.)?(\w+)\/(\w+)$/.exec(path);
  return m ? `${m[1]}.${m[2]}` : path.slice(0, 80);
}

/**
 * Why `principal` may not call the method at `path`, or undefined when it may. The
 * reason names the method, the caller and what the method needs.
 */
export function refusal(principal: Principal, path: string): string | undefined {
  const access = ACCESS_TABLE[path];
  const method = methodName(path);
  if (access === undefined) return `${method} is not in rosterd's access table`;
  if (principal.kind === 'facility') {
    return access.facility ? undefined : `${method} needs role ${access.role ?? 'facility'}; a facility certificate (${principal.facility}) carries no client role`;
  }
  if (access.role === undefined) return `${method} is for facilities (nodes) only; the caller has ${describePrincipal(principal)}`;
  return roleAtLeast(principal.role, access.role) ? undefined : `${method} needs role ${access.role}${access.role === 'admin' ? '' : ' or higher'}; the caller has ${describePrincipal(principal)}`;
}
