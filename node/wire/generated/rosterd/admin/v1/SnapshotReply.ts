// Original file: proto/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotReply {
  'index'?: (number | string | Long);
  'bytes'?: (number | string | Long);
}

export interface SnapshotReply__Output {
  'index': (number);
  'bytes': (number);
}
