// Original file: proto/ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface Divergence {
  'block'?: (string);
  'version'?: (number | string | Long);
  'seq'?: (number | string | Long);
  'committedDigest'?: (Buffer | Uint8Array | string);
  'localDigest'?: (Buffer | Uint8Array | string);
}

export interface Divergence__Output {
  'block': (string);
  'version': (number);
  'seq': (number);
  'committedDigest': (Buffer);
  'localDigest': (Buffer);
}
