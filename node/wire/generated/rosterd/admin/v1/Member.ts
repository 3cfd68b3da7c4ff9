// Original file: proto/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface Member {
  'id'?: (string);
  'address'?: (string);
  'voter'?: (boolean);
  /**
   * As seen by the node answering (the leader knows best): match index, reachability.
   */
  'matchIndex'?: (number | string | Long);
  'reachable'?: (boolean);
}

export interface Member__Output {
  'id': (string);
  'address': (string);
  'voter': (boolean);
  /**
   * As seen by the node answering (the leader knows best): match index, reachability.
   */
  'matchIndex': (number);
  'reachable': (boolean);
}
