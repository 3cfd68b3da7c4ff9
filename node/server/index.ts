/**
 * node/server — the gRPC edge of a node: client Roster and Admin services, health and
 * reflection, request validation, deadlines and the mapping of errors to status codes
 * (via errors.ts); client unary calls answered off their HTTP/2 streams (direct-unary.ts).
 * Must not: touch Raft or storage directly; it talks to the Replica.
 */
export { startServer, FINAL_APPROVAL_HEALTH, EMERGENCY_COVERAGE_HEALTH, type RunningServer, type ServerOptions, type ServedNode } from './server.ts';
export { ROSTERD_VERSION } from './admin-service.ts';
