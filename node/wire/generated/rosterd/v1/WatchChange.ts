// Original file: proto/roster.proto

import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';
import type { Lock as _rosterd_v1_Lock, Lock__Output as _rosterd_v1_Lock__Output } from '../../rosterd/v1/Lock.ts';
import type { PoolSpec as _rosterd_v1_PoolSpec, PoolSpec__Output as _rosterd_v1_PoolSpec__Output } from '../../rosterd/v1/PoolSpec.ts';
import type { Block as _rosterd_v1_Block, Block__Output as _rosterd_v1_Block__Output } from '../../rosterd/v1/Block.ts';
import type { CoverageEntry as _rosterd_v1_CoverageEntry, CoverageEntry__Output as _rosterd_v1_CoverageEntry__Output } from '../../rosterd/v1/CoverageEntry.ts';
import type { Long } from '@grpc/proto-loader';

export interface WatchChange {
  /**
   * The log index of the command and its leader timestamp.
   */
  'index'?: (number | string | Long);
  'timestampMs'?: (number | string | Long);
  'requestId'?: (string);
  /**
   * The command: assign, unassign, exchange, move, addBlock, setPools, acquireLock,
   * renewLock or releaseLock.
   */
  'kind'?: (string);
  'detail'?: (string);
  /**
   * The changes within the watched block/facility.
   */
  'added'?: (_rosterd_v1_Assignment)[];
  'removed'?: (_rosterd_v1_Assignment)[];
  /**
   * Lock commands: the lock after the command.
   */
  'lock'?: (_rosterd_v1_Lock | null);
  /**
   * setPools: the facility and its new table.
   */
  'poolsFacility'?: (string);
  'pools'?: (_rosterd_v1_PoolSpec)[];
  /**
   * addBlock: the new block.
   */
  'block'?: (_rosterd_v1_Block | null);
  /**
   * Emergency writes of the watched scope whose status changed (coverage, reconcile,
   * resolveConflict, and any write that re-laid a block's coverage), as they stand now.
   */
  'coverage'?: (_rosterd_v1_CoverageEntry)[];
}

export interface WatchChange__Output {
  /**
   * The log index of the command and its leader timestamp.
   */
  'index': (number);
  'timestampMs': (number);
  'requestId': (string);
  /**
   * The command: assign, unassign, exchange, move, addBlock, setPools, acquireLock,
   * renewLock or releaseLock.
   */
  'kind': (string);
  'detail': (string);
  /**
   * The changes within the watched block/facility.
   */
  'added': (_rosterd_v1_Assignment__Output)[];
  'removed': (_rosterd_v1_Assignment__Output)[];
  /**
   * Lock commands: the lock after the command.
   */
  'lock': (_rosterd_v1_Lock__Output | null);
  /**
   * setPools: the facility and its new table.
   */
  'poolsFacility': (string);
  'pools': (_rosterd_v1_PoolSpec__Output)[];
  /**
   * addBlock: the new block.
   */
  'block': (_rosterd_v1_Block__Output | null);
  /**
   * Emergency writes of the watched scope whose status changed (coverage, reconcile,
   * resolveConflict, and any write that re-laid a block's coverage), as they stand now.
   */
  'coverage': (_rosterd_v1_CoverageEntry__Output)[];
}
