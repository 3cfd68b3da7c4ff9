import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';

/**
 * The one place that knows where the .proto files are and how gRPC and the Raft codec
 * load them. The client contract (roster.proto, admin.proto, ledger.proto) is loaded by
 * @grpc/proto-loader with LOADER_OPTIONS, and the types in ./generated/ are generated for
 * exactly those options (generate-types.ts), so both come from here. raft.proto is
 * parsed once, by protobufjs: the codec needs its message types and the peer service
 * only its method names (frames travel as raw bytes). Each file is read on first use,
 * not at import, so rosterctl commands that fail validation never read a .proto file.
 * (node/schedule/codec.ts reads roster.proto itself, with protobufjs, for the log's
 * Command bytes: the state machine imports nothing from gRPC's libraries.)
 */

// Decode uint64 as plain numbers: indexes and terms never reach 2^53, and Long objects
// would cost an allocation per field on the hot path. @grpc/proto-loader bundles its own
// copy of protobufjs, which this does not touch.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

/** The proto files of the client contract (Roster and Admin), in proto/. */
export const CLIENT_PROTO_FILES: readonly string[] = Object.freeze(['roster.proto', 'admin.proto', 'ledger.proto']);

/** Absolute path of a file in proto/. */
export function protoPath(file: string): string {
  return fileURLToPath(new URL(`../../proto/${file}`, import.meta.url));
}

/**
 * How every loader of the client contract decodes messages: camelCase fields, uint64 as
 * number, enums as their names, unset scalars as their defaults and unset messages as
 * null, and a virtual field naming the member set in each oneof. The generated types
 * describe objects of exactly this shape; change one and regenerate (npm run gen:proto).
 */
export const LOADER_OPTIONS: Readonly<protoLoader.Options> = Object.freeze({
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});

/** Fully qualified name of the Roster service (roster.proto), as in its package. */
export const ROSTER_SERVICE_NAME = 'rosterd.v1.Roster';
/** Fully qualified name of the Admin service (admin.proto), as in its package. */
export const ADMIN_SERVICE_NAME = 'rosterd.admin.v1.Admin';
/** Fully qualified name of the Ledger service (ledger.proto), as in its package. */
export const LEDGER_SERVICE_NAME = 'rosterd.ledger.v1.Ledger';

let clientDefinition: protoLoader.PackageDefinition | undefined;

/** The package definition of the client contract (Roster and Admin): read once, synchronously, on the first call. */
export function clientPackageDefinition(): protoLoader.PackageDefinition {
  clientDefinition ??= protoLoader.loadSync(
    CLIENT_PROTO_FILES.map((f) => protoPath(f)),
    LOADER_OPTIONS,
  );
  return clientDefinition;
}

/** protobufjs reflection of proto/raft.proto, resolved once. */
export interface RaftProto {
  readonly LogRecord: protobuf.Type;
  readonly HardState: protobuf.Type;
  readonly SnapshotMeta: protobuf.Type;
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
      Message: root.lookupType('rosterd.raft.Message'),
      Batch: root.lookupType('rosterd.raft.Batch'),
      MessageType: root.lookupEnum('rosterd.raft.MessageType'),
      RaftPeer: root.lookupService('rosterd.raft.RaftPeer'),
    });
  }
  return raft;
}
