/**
 * node/server — the gRPC edge of a node: client Roster and Admin services, health and
 * reflection, request validation, deadlines and the mapping of errors to status codes
 * (via errors.ts). Must not: touch Raft or storage directly; it talks to the Replica.
 */
export { startServer, type RunningServer, type ServerOptions } from './server.ts';
export { ROSTERD_VERSION } from './admin-service.ts';
