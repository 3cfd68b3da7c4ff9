// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One command as the proposing facility's node signed it. A node signs the commands it
 * proposes in one turn of its loop together: the signature covers the root of an
 * RFC 6962 Merkle tree over their payloads, and each entry carries its payload's audit
 * path, so every entry is checked on its own and one signature serves the batch.
 */
export interface SignedEntry {
  /**
   * The facility whose key signed it.
   */
  'facility'?: (string);
  /**
   * A LogPayload, the bytes the Merkle leaf covers.
   */
  'payload'?: (Buffer | Uint8Array | string);
  /**
   * Ed25519 over the batch head: see docs/ARCHITECTURE.md.
   */
  'signature'?: (Buffer | Uint8Array | string);
  /**
   * The batch: how many payloads, which one this is, and the audit path (leaf to root).
   */
  'batchSize'?: (number | string | Long);
  'leafIndex'?: (number | string | Long);
  'auditPath'?: (Buffer | Uint8Array | string)[];
}

/**
 * One command as the proposing facility's node signed it. A node signs the commands it
 * proposes in one turn of its loop together: the signature covers the root of an
 * RFC 6962 Merkle tree over their payloads, and each entry carries its payload's audit
 * path, so every entry is checked on its own and one signature serves the batch.
 */
export interface SignedEntry__Output {
  /**
   * The facility whose key signed it.
   */
  'facility': (string);
  /**
   * A LogPayload, the bytes the Merkle leaf covers.
   */
  'payload': (Buffer);
  /**
   * Ed25519 over the batch head: see docs/ARCHITECTURE.md.
   */
  'signature': (Buffer);
  /**
   * The batch: how many payloads, which one this is, and the audit path (leaf to root).
   */
  'batchSize': (number);
  'leafIndex': (number);
  'auditPath': (Buffer)[];
}
