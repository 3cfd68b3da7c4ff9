import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';

// Decode uint64 as plain numbers: indexes and terms never reach 2^53, and Long objects
// would cost an allocation per field on the hot path.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

/** Absolute path of a file in proto/. */
export function protoPath(file: string): string {
  return fileURLToPath(new URL(`../../proto/${file}`, import.meta.url));
}

const raftRoot = protobuf.loadSync(protoPath('raft.proto'));

/** protobufjs types of proto/raft.proto, resolved once. */
export const RaftTypes = {
  LogRecord: raftRoot.lookupType('rosterd.raft.LogRecord'),
  HardState: raftRoot.lookupType('rosterd.raft.HardState'),
  SnapshotMeta: raftRoot.lookupType('rosterd.raft.SnapshotMeta'),
  Message: raftRoot.lookupType('rosterd.raft.Message'),
  Batch: raftRoot.lookupType('rosterd.raft.Batch'),
  MessageType: raftRoot.lookupEnum('rosterd.raft.MessageType'),
};
