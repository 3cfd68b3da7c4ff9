/**
 * node/wire — the protobuf contracts (proto/*.proto) and the byte encodings shared by
 * disk and network. Owns: where the .proto files are and the loader options every
 * loader of them uses (protos.ts), raft.proto's reflection (raft-proto.ts), the TypeScript message types generated from the
 * client contract (generated/, written by generate-types.ts: `npm run gen:proto`; do not
 * edit), and the codec of Raft entries, hard state, snapshot metadata and peer
 * messages. Decoding validates: bytes from a peer or a file are untrusted and a bad one
 * raises WireError.
 *
 * Must not: perform I/O at run time beyond reading each .proto file once, on first use
 * (generate-types.ts is a build step and writes files).
 */
export { WireError } from './wire-error.ts';
export * from './raft-codec.ts';
