// Original file: proto/roster.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A schedule lock. token is the Raft index of the grant (the fencing token); times are
 * on the log clock (ms since the epoch, the largest leader timestamp applied so far).
 */
export interface Lock {
  'block'?: (string);
  /**
   * Empty: the whole block.
   */
  'facility'?: (string);
  'holder'?: (string);
  'token'?: (number | string | Long);
  'grantedAtMs'?: (number | string | Long);
  'expiresAtMs'?: (number | string | Long);
  /**
   * The lease has run out by the log clock of the node answering (in reads).
   */
  'expired'?: (boolean);
}

/**
 * A schedule lock. token is the Raft index of the grant (the fencing token); times are
 * on the log clock (ms since the epoch, the largest leader timestamp applied so far).
 */
export interface Lock__Output {
  'block': (string);
  /**
   * Empty: the whole block.
   */
  'facility': (string);
  'holder': (string);
  'token': (number);
  'grantedAtMs': (number);
  'expiresAtMs': (number);
  /**
   * The lease has run out by the log clock of the node answering (in reads).
   */
  'expired': (boolean);
}
