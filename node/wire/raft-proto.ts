import protobuf from 'protobufjs';
import { protoPath } from './protos.ts';

/**
 * proto/raft.proto, parsed once by protobufjs: the codec needs its message types and the
 * peer service only its method names (frames travel as raw bytes). Kept apart from
 * protos.ts so that rosterctl, which speaks only the client contract, does not load this
 * copy of protobufjs at all.
 */

// Decode uint64 as plain numbers: indexes and terms never reach 2^53, and Long objects
// would cost an allocation per field on the hot path. @grpc/proto-loader bundles its own
// copy of protobufjs, which this does not touch.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

/** protobufjs reflection of proto/raft.proto, resolved once. */
export interface RaftProto {
  readonly LogRecord: protobuf.Type;
  readonly HardState: protobuf.Type;
  readonly SnapshotMeta: protobuf.Type;
  readonly StoredSnapshot: protobuf.Type;
  readonly Message: protobuf.Type;
  readonly Batch: protobuf.Type;
  readonly MessageType: protobuf.Enum;
  /** The RaftPeer service: its method names and which side streams. */
  readonly RaftPeer: protobuf.Service;
}

let raft: RaftProto | undefined;

/** proto/raft.proto: read and resolved once, synchronously, on the first call. */
export function raftProto(): RaftProto {
  if (raft === undefined) {
    const root = protobuf.loadSync(protoPath('raft.proto'));
    raft = Object.freeze({
      LogRecord: root.lookupType('rosterd.raft.LogRecord'),
      HardState: root.lookupType('rosterd.raft.HardState'),
      SnapshotMeta: root.lookupType('rosterd.raft.SnapshotMeta'),
      StoredSnapshot: root.lookupType('rosterd.raft.StoredSnapshot'),
      Message: root.lookupType('rosterd.raft.Message'),
      Batch: root.lookupType('rosterd.raft.Batch'),
      MessageType: root.lookupEnum('rosterd.raft.MessageType'),
      RaftPeer: root.lookupService('rosterd.raft.RaftPeer'),
    });
  }
  return raft;
}
