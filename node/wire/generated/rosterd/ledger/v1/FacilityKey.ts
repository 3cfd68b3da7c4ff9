// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface FacilityKey {
  'facility'?: (string);
  'publicKey'?: (Buffer | Uint8Array | string);
  /**
   * SHA256:<base64>, as OpenSSH prints it.
   */
  'fingerprint'?: (string);
  /**
   * The Raft index that registered it.
   */
  'registeredAt'?: (number | string | Long);
  /**
   * The facility is one of the cluster's configured facilities (its votes count).
   */
  'voter'?: (boolean);
}

export interface FacilityKey__Output {
  'facility': (string);
  'publicKey': (Buffer);
  /**
   * SHA256:<base64>, as OpenSSH prints it.
   */
  'fingerprint': (string);
  /**
   * The Raft index that registered it.
   */
  'registeredAt': (number);
  /**
   * The facility is one of the cluster's configured facilities (its votes count).
   */
  'voter': (boolean);
}
