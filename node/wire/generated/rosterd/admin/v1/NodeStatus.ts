// Original file: proto/admin.proto

import type { PeerLink as _rosterd_admin_v1_PeerLink, PeerLink__Output as _rosterd_admin_v1_PeerLink__Output } from '../../../rosterd/admin/v1/PeerLink.ts';
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
   * connected | majority | minority (docs/ARCHITECTURE.md, CP and AP)
   */
  'partitionState'?: (string);
  'version'?: (string);
  /**
   * The voters this node reaches both ways (itself included), and those it does not.
   */
  'reachable'?: (string)[];
  'unreachable'?: (string)[];
  /**
   * This node's link to each other member.
   */
  'links'?: (_rosterd_admin_v1_PeerLink)[];
  /**
   * Emergency writes journaled here and not yet in the log, and the age of the oldest.
   */
  'journalWrites'?: (number | string | Long);
  'journalAgeSeconds'?: (number | string);
  /**
   * Emergency writes in conflict in this node's applied state.
   */
  'openConflicts'?: (number | string | Long);
  /**
   * Peer links are cut by SetIsolation (fault injection).
   */
  'isolated'?: (boolean);
  /**
   * This node's facility key (SHA256:<base64>), and why the cluster would not accept its
   * signatures now ('' when it would): not registered yet, or another key registered.
   */
  'keyFingerprint'?: (string);
  'keyProblem'?: (string);
  /**
   * The ledger as applied here: its head, and the evidence records.
   */
  'ledgerHeadSeq'?: (number | string | Long);
  'ledgerHeadHash'?: (Buffer | Uint8Array | string);
  'evidence'?: (number | string | Long);
  /**
   * Facilities whose signed ledger head contradicts this node's ledger (split views), and
   * committed blocks whose digest differs from this node's own state of them.
   */
  'splitViews'?: (string)[];
  'divergentBlocks'?: (string)[];
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
   * connected | majority | minority (docs/ARCHITECTURE.md, CP and AP)
   */
  'partitionState': (string);
  'version': (string);
  /**
   * The voters this node reaches both ways (itself included), and those it does not.
   */
  'reachable': (string)[];
  'unreachable': (string)[];
  /**
   * This node's link to each other member.
   */
  'links': (_rosterd_admin_v1_PeerLink__Output)[];
  /**
   * Emergency writes journaled here and not yet in the log, and the age of the oldest.
   */
  'journalWrites': (number);
  'journalAgeSeconds': (number);
  /**
   * Emergency writes in conflict in this node's applied state.
   */
  'openConflicts': (number);
  /**
   * Peer links are cut by SetIsolation (fault injection).
   */
  'isolated': (boolean);
  /**
   * This node's facility key (SHA256:<base64>), and why the cluster would not accept its
   * signatures now ('' when it would): not registered yet, or another key registered.
   */
  'keyFingerprint': (string);
  'keyProblem': (string);
  /**
   * The ledger as applied here: its head, and the evidence records.
   */
  'ledgerHeadSeq': (number);
  'ledgerHeadHash': (Buffer);
  'evidence': (number);
  /**
   * Facilities whose signed ledger head contradicts this node's ledger (split views), and
   * committed blocks whose digest differs from this node's own state of them.
   */
  'splitViews': (string)[];
  'divergentBlocks': (string)[];
}
