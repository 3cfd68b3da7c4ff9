import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath } from '../wire/protos.ts';

/**
 * The RaftPeer service as loaded from proto/raft.proto, with frames passed through as
 * raw bytes: node/wire's codec encodes a whole Batch once and validates what it
 * decodes, instead of proto-loader's generic object conversion on the hot path.
 */
function buildPeerService(): grpc.ServiceDefinition {
  const def = protoLoader.loadSync(protoPath('raft.proto'), { keepCase: false, longs: Number, defaults: true });
  const loaded = def['rosterd.raft.RaftPeer'] as grpc.ServiceDefinition;
  const raw = (m: grpc.MethodDefinition<unknown, unknown>): grpc.MethodDefinition<Uint8Array, Uint8Array> => ({
    ...m,
    requestSerialize: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: () => Buffer.alloc(0),
    responseDeserialize: (b: Buffer) => b,
  });
  return { Stream: raw(loaded.Stream!), Snapshot: raw(loaded.Snapshot!) };
}

export const PEER_SERVICE = buildPeerService();

/** Metadata a sender attaches to every stream: who it is and which cluster it belongs to. */
export const FROM_KEY = 'x-roster-from';
export const CLUSTER_KEY = 'x-roster-cluster';

export const PeerClient = grpc.makeGenericClientConstructor(PEER_SERVICE, 'RaftPeer');
export type PeerClient = InstanceType<typeof PeerClient>;
