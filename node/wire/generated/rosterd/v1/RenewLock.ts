// Original file: proto/roster.proto

import type { Long } from '@grpc/proto-loader';

export interface RenewLock {
  'block'?: (string);
  'facility'?: (string);
  'token'?: (number | string | Long);
  'ttlMs'?: (number | string | Long);
}

export interface RenewLock__Output {
  'block': (string);
  'facility': (string);
  'token': (number);
  'ttlMs': (number);
}
