// Original file: proto/roster.proto

import type { Person as _rosterd_v1_Person, Person__Output as _rosterd_v1_Person__Output } from '../../rosterd/v1/Person.ts';
import type { Block as _rosterd_v1_Block, Block__Output as _rosterd_v1_Block__Output } from '../../rosterd/v1/Block.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';
import type { SetPools as _rosterd_v1_SetPools, SetPools__Output as _rosterd_v1_SetPools__Output } from '../../rosterd/v1/SetPools.ts';
import type { AcquireLock as _rosterd_v1_AcquireLock, AcquireLock__Output as _rosterd_v1_AcquireLock__Output } from '../../rosterd/v1/AcquireLock.ts';
import type { RenewLock as _rosterd_v1_RenewLock, RenewLock__Output as _rosterd_v1_RenewLock__Output } from '../../rosterd/v1/RenewLock.ts';
import type { ReleaseLock as _rosterd_v1_ReleaseLock, ReleaseLock__Output as _rosterd_v1_ReleaseLock__Output } from '../../rosterd/v1/ReleaseLock.ts';
import type { Exchange as _rosterd_v1_Exchange, Exchange__Output as _rosterd_v1_Exchange__Output } from '../../rosterd/v1/Exchange.ts';
import type { Move as _rosterd_v1_Move, Move__Output as _rosterd_v1_Move__Output } from '../../rosterd/v1/Move.ts';
import type { CoverageWrite as _rosterd_v1_CoverageWrite, CoverageWrite__Output as _rosterd_v1_CoverageWrite__Output } from '../../rosterd/v1/CoverageWrite.ts';
import type { Reconcile as _rosterd_v1_Reconcile, Reconcile__Output as _rosterd_v1_Reconcile__Output } from '../../rosterd/v1/Reconcile.ts';
import type { ResolveConflict as _rosterd_v1_ResolveConflict, ResolveConflict__Output as _rosterd_v1_ResolveConflict__Output } from '../../rosterd/v1/ResolveConflict.ts';
import type { Long } from '@grpc/proto-loader';

export interface Command {
  /**
   * Unique per logical request; retries reuse it.
   */
  'requestId'?: (string);
  /**
   * The facility whose node proposed the command.
   */
  'issuer'?: (string);
  /**
   * Milliseconds since the epoch, stamped by the proposing leader; the only time apply sees.
   */
  'timestampMs'?: (number | string | Long);
  /**
   * Fencing tokens presented for locked blocks (edits of assignments only).
   */
  'lockTokens'?: (number | string | Long)[];
  'addPerson'?: (_rosterd_v1_Person | null);
  'addBlock'?: (_rosterd_v1_Block | null);
  'assign'?: (_rosterd_v1_Assignment | null);
  'unassign'?: (_rosterd_v1_Assignment | null);
  'setPools'?: (_rosterd_v1_SetPools | null);
  'acquireLock'?: (_rosterd_v1_AcquireLock | null);
  'renewLock'?: (_rosterd_v1_RenewLock | null);
  'releaseLock'?: (_rosterd_v1_ReleaseLock | null);
  'exchange'?: (_rosterd_v1_Exchange | null);
  'move'?: (_rosterd_v1_Move | null);
  'coverage'?: (_rosterd_v1_CoverageWrite | null);
  'reconcile'?: (_rosterd_v1_Reconcile | null);
  'resolveConflict'?: (_rosterd_v1_ResolveConflict | null);
  'op'?: "addPerson"|"addBlock"|"assign"|"unassign"|"setPools"|"acquireLock"|"renewLock"|"releaseLock"|"exchange"|"move"|"coverage"|"reconcile"|"resolveConflict";
}

export interface Command__Output {
  /**
   * Unique per logical request; retries reuse it.
   */
  'requestId': (string);
  /**
   * The facility whose node proposed the command.
   */
  'issuer': (string);
  /**
   * Milliseconds since the epoch, stamped by the proposing leader; the only time apply sees.
   */
  'timestampMs': (number);
  /**
   * Fencing tokens presented for locked blocks (edits of assignments only).
   */
  'lockTokens': (number)[];
  'addPerson'?: (_rosterd_v1_Person__Output | null);
  'addBlock'?: (_rosterd_v1_Block__Output | null);
  'assign'?: (_rosterd_v1_Assignment__Output | null);
  'unassign'?: (_rosterd_v1_Assignment__Output | null);
  'setPools'?: (_rosterd_v1_SetPools__Output | null);
  'acquireLock'?: (_rosterd_v1_AcquireLock__Output | null);
  'renewLock'?: (_rosterd_v1_RenewLock__Output | null);
  'releaseLock'?: (_rosterd_v1_ReleaseLock__Output | null);
  'exchange'?: (_rosterd_v1_Exchange__Output | null);
  'move'?: (_rosterd_v1_Move__Output | null);
  'coverage'?: (_rosterd_v1_CoverageWrite__Output | null);
  'reconcile'?: (_rosterd_v1_Reconcile__Output | null);
  'resolveConflict'?: (_rosterd_v1_ResolveConflict__Output | null);
  'op'?: "addPerson"|"addBlock"|"assign"|"unassign"|"setPools"|"acquireLock"|"renewLock"|"releaseLock"|"exchange"|"move"|"coverage"|"reconcile"|"resolveConflict";
}
