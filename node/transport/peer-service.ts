import * as grpc from '@grpc/grpc-js';
import { raftProto } from '../wire/raft-proto.ts';

/** The RaftPeer methods a node serves and calls. */
type PeerMethod = 'Stream' | 'Snapshot';

/**
 * The RaftPeer service of proto/raft.proto, with frames passed through as raw bytes:
 * node/wire's codec encodes a whole Batch once and validates what it decodes. So gRPC
 * needs only each method's path and which side streams, and both come from the
 * protobufjs reflection the codec already loaded: raft.proto is parsed once, and no
 * generic message conversion (proto-loader's) sits on the hot path.
 */
function buildPeerService(): Record<PeerMethod, grpc.MethodDefinition<Uint8Array, Uint8Array>> {
  const service = raftProto().RaftPeer;
  const method = (name: PeerMethod): grpc.MethodDefinition<Uint8Array, Uint8Array> => {
    const m = service.methods[name];
    if (m === undefined) throw new Error(`proto: method ${service.fullName}/${name} not found in raft.proto`);
    return {
      path: `/${service.fullName.replace(/^\./, '')}/${name}`,
      requestStream: m.requestStream === true,
      responseStream: m.responseStream === true,
      requestSerialize: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: () => Buffer.alloc(0),
      responseDeserialize: (b: Buffer) => b,
    };
  };
  return { Stream: method('Stream'), Snapshot: method('Snapshot') };
}

export const PEER_SERVICE = buildPeerService();

/** Metadata a sender attaches to every stream: who it is and which cluster it belongs to. */
export const FROM_KEY = 'x-roster-from';
export const CLUSTER_KEY = 'x-roster-cluster';

export const PeerClient = grpc.makeGenericClientConstructor(PEER_SERVICE, 'RaftPeer');
export type PeerClient = InstanceType<typeof PeerClient>;
