import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Message, NodeId } from '../raft/types.ts';
import { decodeBatch } from '../wire/raft-codec.ts';
import { WireError } from '../wire/wire-error.ts';
import { echoInput } from '../schedule/input-echo.ts';
import { CLUSTER_KEY, FROM_KEY, PEER_SERVICE } from './peer-service.ts';
import type { PeerFrame, Probe } from './peer-transport.ts';

export interface PeerServerOptions {
  readonly self: NodeId;
  readonly cluster: string;
  /** Whether `id` may send us Raft messages (a current member or configured peer). */
  readonly isMember: (id: NodeId) => boolean;
  /** Hands a validated frame (messages and probe) to the node's driver. */
  readonly deliver: (frame: PeerFrame) => void;
  readonly log: Logger;
}

/**
 * Registers the RaftPeer service: accepts streams only from members of our cluster,
 * decodes and validates every frame, and drops messages whose sender or addressee
 * does not match the stream (a confused or hostile peer cannot speak for another).
 */
export function addPeerService(server: grpc.Server, o: PeerServerOptions): void {
  const handle = (call: grpc.ServerReadableStream<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>): void => {
    const from = String(call.metadata.get(FROM_KEY)[0] ?? '');
    const cluster = String(call.metadata.get(CLUSTER_KEY)[0] ?? '');
    if (cluster !== o.cluster) {
      o.log.warn({ peer: echoInput(from), cluster: echoInput(cluster) }, 'refused a peer stream from another cluster');
      callback({ code: grpc.status.PERMISSION_DENIED, details: `this node belongs to cluster ${o.cluster}, not ${echoInput(cluster)}` });
      return;
    }
    if (!o.isMember(from)) {
      o.log.warn({ peer: echoInput(from) }, 'refused a peer stream from a non-member');
      callback({ code: grpc.status.PERMISSION_DENIED, details: `${from ? echoInput(from) : '(anonymous)'} is not a member of cluster ${o.cluster}` });
      return;
    }
    call.sendMetadata(new grpc.Metadata());
    let finished = false;
    const finish = (err: grpc.ServiceError | null): void => {
      if (finished) return;
      finished = true;
      if (err) callback(err);
      else callback(null, Buffer.alloc(0));
    };
    call.on('data', (frame: Buffer) => {
      let messages: Message[];
      let probe: Probe | undefined;
      try {
        ({ messages, probe } = decodeBatch(frame));
      } catch (e) {
        const reason = e instanceof WireError ? e.message : String(e);
        o.log.warn({ peer: from, err: reason }, 'closing a peer stream that sent a malformed frame');
        finish({ code: grpc.status.INVALID_ARGUMENT, details: `malformed frame: ${reason}` } as grpc.ServiceError);
        call.destroy();
        return;
      }
      const valid = messages.filter((m) => m.from === from && m.to === o.self);
      if (valid.length !== messages.length) {
        o.log.warn({ peer: from, dropped: messages.length - valid.length }, 'dropped messages not from the stream sender or not for us');
      }
      if ((valid.length > 0 || probe) && o.isMember(from)) o.deliver(probe ? { from, messages: valid, probe } : { from, messages: valid });
    });
    call.on('end', () => finish(null));
    call.on('error', () => finish(null));
  };
  server.addService(PEER_SERVICE, { Stream: handle, Snapshot: handle } as unknown as grpc.UntypedServiceImplementation);
}
