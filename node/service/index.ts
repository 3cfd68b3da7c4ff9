/**
 * node/service — what a client can ask of a node, independent of the wire: final
 * approvals (CP), emergency coverage (AP) and reads, each passed through the write
 * policy (node/modes) and routed to Raft or to the emergency journal (node/healing);
 * and schedule commitments and the ledger's reads (LedgerService, over node/ledger).
 * The gRPC handlers (node/server) translate to and from it; the simulation calls it
 * directly.
 *
 * Must not: know gRPC, open sockets or files, or decide schedule rules (the state
 * machine does).
 */
export { ScheduleService, ACTIONS, type ScheduleServiceOptions, type WriteHeader, type WriteOutcome, type CoverOutcome } from './schedule-service.ts';
export { LedgerService, type LedgerServiceOptions, type CommitOutcome } from './ledger-service.ts';
