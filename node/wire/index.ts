/**
 * node/wire — byte encodings shared by disk and network: protobuf (proto/*.proto) for
 * Raft entries, hard state, snapshot metadata and peer messages. Decoding validates:
 * bytes from a peer or a file are untrusted and a bad one raises WireError.
 *
 * Must not: perform I/O beyond loading the .proto files once at start.
 */
export { WireError } from './wire-error.ts';
export * from './raft-codec.ts';
