// Original file: proto/roster.proto

import type { Long } from '@grpc/proto-loader';

export interface ReleaseLock {
  'block'?: (string);
  'facility'?: (string);
  'token'?: (number | string | Long);
}

export interface ReleaseLock__Output {
  'block': (string);
  'facility': (string);
  'token': (number);
}
