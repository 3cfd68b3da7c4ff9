// Original file: proto/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One node's own view of itself and the cluster.
 */
export interface NodeStatus {
  'id'?: (string);
  'address'?: (string);
  /**
   * follower | preCandidate | candidate | leader
   */
  'role'?: (string);
  'term'?: (number | string | Long);
  'leader'?: (string);
  'commitIndex'?: (number | string | Long);
  'appliedIndex'?: (number | string | Long);
  'firstIndex'?: (number | string | Long);
  'lastIndex'?: (number | string | Long);
  'cluster'?: (string);
  /**
   * connected | majority | minority (DESIGN.md, CP and AP)
   */
  'partitionState'?: (string);
  'version'?: (string);
}

/**
 * One node's own view of itself and the cluster.
 */
export interface NodeStatus__Output {
  'id': (string);
  'address': (string);
  /**
   * follower | preCandidate | candidate | leader
   */
  'role': (string);
  'term': (number);
  'leader': (string);
  'commitIndex': (number);
  'appliedIndex': (number);
  'firstIndex': (number);
  'lastIndex': (number);
  'cluster': (string);
  /**
   * connected | majority | minority (DESIGN.md, CP and AP)
   */
  'partitionState': (string);
  'version': (string);
}
