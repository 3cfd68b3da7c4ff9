import type * as grpc from '@grpc/grpc-js';
import type { AdminDefinition } from '../wire/generated/rosterd/admin/v1/Admin.ts';
import type { RosterDefinition } from '../wire/generated/rosterd/v1/Roster.ts';
import { ADMIN_SERVICE_NAME, clientPackageDefinition as loadClientPackageDefinition, healthPackageDefinition, ROSTER_SERVICE_NAME } from '../wire/protos.ts';

/** The client-facing package definition (Roster and Admin), loaded when the server module is imported. */
export const clientPackageDefinition = loadClientPackageDefinition();

/** What server reflection lists: the client contract and the standard health service. */
export const reflectedPackageDefinition = { ...clientPackageDefinition, ...healthPackageDefinition() };

function service(name: string): grpc.ServiceDefinition {
  const def = clientPackageDefinition[name];
  if (def === undefined || 'format' in def) throw new Error(`proto: service ${name} not found`);
  return def as grpc.ServiceDefinition;
}

/** rosterd.v1.Roster as grpc-js serves it. */
export const ROSTER_SERVICE = service(ROSTER_SERVICE_NAME) as RosterDefinition;
/** rosterd.admin.v1.Admin as grpc-js serves it. */
export const ADMIN_SERVICE = service(ADMIN_SERVICE_NAME) as AdminDefinition;
