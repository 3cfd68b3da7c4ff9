// Original file: proto/ledger.proto

import type { FacilityKey as _rosterd_ledger_v1_FacilityKey, FacilityKey__Output as _rosterd_ledger_v1_FacilityKey__Output } from '../../../rosterd/ledger/v1/FacilityKey.ts';

export interface ListKeysReply {
  'keys'?: (_rosterd_ledger_v1_FacilityKey)[];
  /**
   * This node's own key.
   */
  'self'?: (_rosterd_ledger_v1_FacilityKey | null);
  /**
   * Facilities, quorum: q = max(2f+1, floor(n/2)+1) signatures commit a block.
   */
  'facilities'?: (number);
  'faultsDetected'?: (number);
  'quorum'?: (number);
  /**
   * This node's key differs from the one registered for its facility (or none is
   * registered yet): it cannot sign commands the cluster accepts.
   */
  'selfProblem'?: (string);
}

export interface ListKeysReply__Output {
  'keys': (_rosterd_ledger_v1_FacilityKey__Output)[];
  /**
   * This node's own key.
   */
  'self': (_rosterd_ledger_v1_FacilityKey__Output | null);
  /**
   * Facilities, quorum: q = max(2f+1, floor(n/2)+1) signatures commit a block.
   */
  'facilities': (number);
  'faultsDetected': (number);
  'quorum': (number);
  /**
   * This node's key differs from the one registered for its facility (or none is
   * registered yet): it cannot sign commands the cluster accepts.
   */
  'selfProblem': (string);
}
