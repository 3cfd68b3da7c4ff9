/**
 * node/transport — Raft messages between facilities over gRPC: one outbound link per
 * peer (long-lived stream, coalesced frames, bounded queue, reconnect with backoff and
 * jitter, circuit breaker) and the inbound service that admits only members.
 * PeerTransport is the port the replica sends through; MemoryTransport (over a Wire:
 * the simulation's network or a MemoryNetwork) is its in-memory twin.
 *
 * Must not: interpret Raft messages beyond validating who sent them; retransmission is
 * Raft's job, so a full queue or a dead peer means dropped messages, never blocking.
 */
export type { PeerTransport, LinkStats, Probe, PeerFrame } from './peer-transport.ts';
export { GrpcPeerTransport, type GrpcPeerTransportOptions } from './grpc-peer-transport.ts';
export { MemoryTransport, MemoryNetwork, type Wire } from './memory-transport.ts';
export { PeerLink, type LinkOptions } from './peer-link.ts';
export { addPeerService, type PeerServerOptions } from './peer-server.ts';
export { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
export { DEFAULT_BREAKER, type BreakerOptions } from './circuit-breaker.ts';
export { IsolationSwitch } from './isolation-switch.ts';
