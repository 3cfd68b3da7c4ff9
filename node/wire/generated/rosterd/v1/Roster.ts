// Original file: proto/roster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AcquireLockRequest as _rosterd_v1_AcquireLockRequest, AcquireLockRequest__Output as _rosterd_v1_AcquireLockRequest__Output } from '../../rosterd/v1/AcquireLockRequest.ts';
import type { AddBlockRequest as _rosterd_v1_AddBlockRequest, AddBlockRequest__Output as _rosterd_v1_AddBlockRequest__Output } from '../../rosterd/v1/AddBlockRequest.ts';
import type { AddPersonRequest as _rosterd_v1_AddPersonRequest, AddPersonRequest__Output as _rosterd_v1_AddPersonRequest__Output } from '../../rosterd/v1/AddPersonRequest.ts';
import type { AssignRequest as _rosterd_v1_AssignRequest, AssignRequest__Output as _rosterd_v1_AssignRequest__Output } from '../../rosterd/v1/AssignRequest.ts';
import type { ContingencyReply as _rosterd_v1_ContingencyReply, ContingencyReply__Output as _rosterd_v1_ContingencyReply__Output } from '../../rosterd/v1/ContingencyReply.ts';
import type { ContingencyRequest as _rosterd_v1_ContingencyRequest, ContingencyRequest__Output as _rosterd_v1_ContingencyRequest__Output } from '../../rosterd/v1/ContingencyRequest.ts';
import type { CoverReply as _rosterd_v1_CoverReply, CoverReply__Output as _rosterd_v1_CoverReply__Output } from '../../rosterd/v1/CoverReply.ts';
import type { CoverRequest as _rosterd_v1_CoverRequest, CoverRequest__Output as _rosterd_v1_CoverRequest__Output } from '../../rosterd/v1/CoverRequest.ts';
import type { GetLocksReply as _rosterd_v1_GetLocksReply, GetLocksReply__Output as _rosterd_v1_GetLocksReply__Output } from '../../rosterd/v1/GetLocksReply.ts';
import type { GetLocksRequest as _rosterd_v1_GetLocksRequest, GetLocksRequest__Output as _rosterd_v1_GetLocksRequest__Output } from '../../rosterd/v1/GetLocksRequest.ts';
import type { GetPoolsReply as _rosterd_v1_GetPoolsReply, GetPoolsReply__Output as _rosterd_v1_GetPoolsReply__Output } from '../../rosterd/v1/GetPoolsReply.ts';
import type { GetPoolsRequest as _rosterd_v1_GetPoolsRequest, GetPoolsRequest__Output as _rosterd_v1_GetPoolsRequest__Output } from '../../rosterd/v1/GetPoolsRequest.ts';
import type { GetScheduleReply as _rosterd_v1_GetScheduleReply, GetScheduleReply__Output as _rosterd_v1_GetScheduleReply__Output } from '../../rosterd/v1/GetScheduleReply.ts';
import type { GetScheduleRequest as _rosterd_v1_GetScheduleRequest, GetScheduleRequest__Output as _rosterd_v1_GetScheduleRequest__Output } from '../../rosterd/v1/GetScheduleRequest.ts';
import type { ListBlocksReply as _rosterd_v1_ListBlocksReply, ListBlocksReply__Output as _rosterd_v1_ListBlocksReply__Output } from '../../rosterd/v1/ListBlocksReply.ts';
import type { ListCoverageReply as _rosterd_v1_ListCoverageReply, ListCoverageReply__Output as _rosterd_v1_ListCoverageReply__Output } from '../../rosterd/v1/ListCoverageReply.ts';
import type { ListCoverageRequest as _rosterd_v1_ListCoverageRequest, ListCoverageRequest__Output as _rosterd_v1_ListCoverageRequest__Output } from '../../rosterd/v1/ListCoverageRequest.ts';
import type { ListPeopleReply as _rosterd_v1_ListPeopleReply, ListPeopleReply__Output as _rosterd_v1_ListPeopleReply__Output } from '../../rosterd/v1/ListPeopleReply.ts';
import type { ListRequest as _rosterd_v1_ListRequest, ListRequest__Output as _rosterd_v1_ListRequest__Output } from '../../rosterd/v1/ListRequest.ts';
import type { MoveRequest as _rosterd_v1_MoveRequest, MoveRequest__Output as _rosterd_v1_MoveRequest__Output } from '../../rosterd/v1/MoveRequest.ts';
import type { ReleaseLockRequest as _rosterd_v1_ReleaseLockRequest, ReleaseLockRequest__Output as _rosterd_v1_ReleaseLockRequest__Output } from '../../rosterd/v1/ReleaseLockRequest.ts';
import type { RenewLockRequest as _rosterd_v1_RenewLockRequest, RenewLockRequest__Output as _rosterd_v1_RenewLockRequest__Output } from '../../rosterd/v1/RenewLockRequest.ts';
import type { ResolveConflictRequest as _rosterd_v1_ResolveConflictRequest, ResolveConflictRequest__Output as _rosterd_v1_ResolveConflictRequest__Output } from '../../rosterd/v1/ResolveConflictRequest.ts';
import type { SetPoolsRequest as _rosterd_v1_SetPoolsRequest, SetPoolsRequest__Output as _rosterd_v1_SetPoolsRequest__Output } from '../../rosterd/v1/SetPoolsRequest.ts';
import type { SwapRequest as _rosterd_v1_SwapRequest, SwapRequest__Output as _rosterd_v1_SwapRequest__Output } from '../../rosterd/v1/SwapRequest.ts';
import type { UnassignRequest as _rosterd_v1_UnassignRequest, UnassignRequest__Output as _rosterd_v1_UnassignRequest__Output } from '../../rosterd/v1/UnassignRequest.ts';
import type { UncoverRequest as _rosterd_v1_UncoverRequest, UncoverRequest__Output as _rosterd_v1_UncoverRequest__Output } from '../../rosterd/v1/UncoverRequest.ts';
import type { WatchEvent as _rosterd_v1_WatchEvent, WatchEvent__Output as _rosterd_v1_WatchEvent__Output } from '../../rosterd/v1/WatchEvent.ts';
import type { WatchRequest as _rosterd_v1_WatchRequest, WatchRequest__Output as _rosterd_v1_WatchRequest__Output } from '../../rosterd/v1/WatchRequest.ts';
import type { WriteReply as _rosterd_v1_WriteReply, WriteReply__Output as _rosterd_v1_WriteReply__Output } from '../../rosterd/v1/WriteReply.ts';

export interface RosterClient extends grpc.Client {
  /**
   * Schedule locks with fencing tokens.
   */
  AcquireLock(argument: _rosterd_v1_AcquireLockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AcquireLock(argument: _rosterd_v1_AcquireLockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AcquireLock(argument: _rosterd_v1_AcquireLockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AcquireLock(argument: _rosterd_v1_AcquireLockRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  /**
   * Schedule locks with fencing tokens.
   */
  acquireLock(argument: _rosterd_v1_AcquireLockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  acquireLock(argument: _rosterd_v1_AcquireLockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  acquireLock(argument: _rosterd_v1_AcquireLockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  acquireLock(argument: _rosterd_v1_AcquireLockRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  AddBlock(argument: _rosterd_v1_AddBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AddBlock(argument: _rosterd_v1_AddBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AddBlock(argument: _rosterd_v1_AddBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AddBlock(argument: _rosterd_v1_AddBlockRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  addBlock(argument: _rosterd_v1_AddBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  addBlock(argument: _rosterd_v1_AddBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  addBlock(argument: _rosterd_v1_AddBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  addBlock(argument: _rosterd_v1_AddBlockRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  AddPerson(argument: _rosterd_v1_AddPersonRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AddPerson(argument: _rosterd_v1_AddPersonRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AddPerson(argument: _rosterd_v1_AddPersonRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  AddPerson(argument: _rosterd_v1_AddPersonRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  addPerson(argument: _rosterd_v1_AddPersonRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  addPerson(argument: _rosterd_v1_AddPersonRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  addPerson(argument: _rosterd_v1_AddPersonRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  addPerson(argument: _rosterd_v1_AddPersonRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  Assign(argument: _rosterd_v1_AssignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Assign(argument: _rosterd_v1_AssignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Assign(argument: _rosterd_v1_AssignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Assign(argument: _rosterd_v1_AssignRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  assign(argument: _rosterd_v1_AssignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  assign(argument: _rosterd_v1_AssignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  assign(argument: _rosterd_v1_AssignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  assign(argument: _rosterd_v1_AssignRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Contingency experiments (faculty loss, N-K) on a block: a read.
   */
  Contingency(argument: _rosterd_v1_ContingencyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ContingencyReply__Output>): grpc.ClientUnaryCall;
  Contingency(argument: _rosterd_v1_ContingencyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_ContingencyReply__Output>): grpc.ClientUnaryCall;
  Contingency(argument: _rosterd_v1_ContingencyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ContingencyReply__Output>): grpc.ClientUnaryCall;
  Contingency(argument: _rosterd_v1_ContingencyRequest, callback: grpc.requestCallback<_rosterd_v1_ContingencyReply__Output>): grpc.ClientUnaryCall;
  /**
   * Contingency experiments (faculty loss, N-K) on a block: a read.
   */
  contingency(argument: _rosterd_v1_ContingencyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ContingencyReply__Output>): grpc.ClientUnaryCall;
  contingency(argument: _rosterd_v1_ContingencyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_ContingencyReply__Output>): grpc.ClientUnaryCall;
  contingency(argument: _rosterd_v1_ContingencyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ContingencyReply__Output>): grpc.ClientUnaryCall;
  contingency(argument: _rosterd_v1_ContingencyRequest, callback: grpc.requestCallback<_rosterd_v1_ContingencyReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Emergency coverage (AP): accepted by any live node.
   */
  Cover(argument: _rosterd_v1_CoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  Cover(argument: _rosterd_v1_CoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  Cover(argument: _rosterd_v1_CoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  Cover(argument: _rosterd_v1_CoverRequest, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  /**
   * Emergency coverage (AP): accepted by any live node.
   */
  cover(argument: _rosterd_v1_CoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  cover(argument: _rosterd_v1_CoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  cover(argument: _rosterd_v1_CoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  cover(argument: _rosterd_v1_CoverRequest, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  
  GetLocks(argument: _rosterd_v1_GetLocksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetLocksReply__Output>): grpc.ClientUnaryCall;
  GetLocks(argument: _rosterd_v1_GetLocksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_GetLocksReply__Output>): grpc.ClientUnaryCall;
  GetLocks(argument: _rosterd_v1_GetLocksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetLocksReply__Output>): grpc.ClientUnaryCall;
  GetLocks(argument: _rosterd_v1_GetLocksRequest, callback: grpc.requestCallback<_rosterd_v1_GetLocksReply__Output>): grpc.ClientUnaryCall;
  getLocks(argument: _rosterd_v1_GetLocksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetLocksReply__Output>): grpc.ClientUnaryCall;
  getLocks(argument: _rosterd_v1_GetLocksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_GetLocksReply__Output>): grpc.ClientUnaryCall;
  getLocks(argument: _rosterd_v1_GetLocksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetLocksReply__Output>): grpc.ClientUnaryCall;
  getLocks(argument: _rosterd_v1_GetLocksRequest, callback: grpc.requestCallback<_rosterd_v1_GetLocksReply__Output>): grpc.ClientUnaryCall;
  
  GetPools(argument: _rosterd_v1_GetPoolsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetPoolsReply__Output>): grpc.ClientUnaryCall;
  GetPools(argument: _rosterd_v1_GetPoolsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_GetPoolsReply__Output>): grpc.ClientUnaryCall;
  GetPools(argument: _rosterd_v1_GetPoolsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetPoolsReply__Output>): grpc.ClientUnaryCall;
  GetPools(argument: _rosterd_v1_GetPoolsRequest, callback: grpc.requestCallback<_rosterd_v1_GetPoolsReply__Output>): grpc.ClientUnaryCall;
  getPools(argument: _rosterd_v1_GetPoolsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetPoolsReply__Output>): grpc.ClientUnaryCall;
  getPools(argument: _rosterd_v1_GetPoolsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_GetPoolsReply__Output>): grpc.ClientUnaryCall;
  getPools(argument: _rosterd_v1_GetPoolsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetPoolsReply__Output>): grpc.ClientUnaryCall;
  getPools(argument: _rosterd_v1_GetPoolsRequest, callback: grpc.requestCallback<_rosterd_v1_GetPoolsReply__Output>): grpc.ClientUnaryCall;
  
  GetSchedule(argument: _rosterd_v1_GetScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetScheduleReply__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _rosterd_v1_GetScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_GetScheduleReply__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _rosterd_v1_GetScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetScheduleReply__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _rosterd_v1_GetScheduleRequest, callback: grpc.requestCallback<_rosterd_v1_GetScheduleReply__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _rosterd_v1_GetScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetScheduleReply__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _rosterd_v1_GetScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_GetScheduleReply__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _rosterd_v1_GetScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_GetScheduleReply__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _rosterd_v1_GetScheduleRequest, callback: grpc.requestCallback<_rosterd_v1_GetScheduleReply__Output>): grpc.ClientUnaryCall;
  
  ListBlocks(argument: _rosterd_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListBlocksReply__Output>): grpc.ClientUnaryCall;
  ListBlocks(argument: _rosterd_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_ListBlocksReply__Output>): grpc.ClientUnaryCall;
  ListBlocks(argument: _rosterd_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListBlocksReply__Output>): grpc.ClientUnaryCall;
  ListBlocks(argument: _rosterd_v1_ListRequest, callback: grpc.requestCallback<_rosterd_v1_ListBlocksReply__Output>): grpc.ClientUnaryCall;
  listBlocks(argument: _rosterd_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListBlocksReply__Output>): grpc.ClientUnaryCall;
  listBlocks(argument: _rosterd_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_ListBlocksReply__Output>): grpc.ClientUnaryCall;
  listBlocks(argument: _rosterd_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListBlocksReply__Output>): grpc.ClientUnaryCall;
  listBlocks(argument: _rosterd_v1_ListRequest, callback: grpc.requestCallback<_rosterd_v1_ListBlocksReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Emergency writes and where they stand; conflicts wait for a coordinator.
   */
  ListCoverage(argument: _rosterd_v1_ListCoverageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListCoverageReply__Output>): grpc.ClientUnaryCall;
  ListCoverage(argument: _rosterd_v1_ListCoverageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_ListCoverageReply__Output>): grpc.ClientUnaryCall;
  ListCoverage(argument: _rosterd_v1_ListCoverageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListCoverageReply__Output>): grpc.ClientUnaryCall;
  ListCoverage(argument: _rosterd_v1_ListCoverageRequest, callback: grpc.requestCallback<_rosterd_v1_ListCoverageReply__Output>): grpc.ClientUnaryCall;
  /**
   * Emergency writes and where they stand; conflicts wait for a coordinator.
   */
  listCoverage(argument: _rosterd_v1_ListCoverageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListCoverageReply__Output>): grpc.ClientUnaryCall;
  listCoverage(argument: _rosterd_v1_ListCoverageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_ListCoverageReply__Output>): grpc.ClientUnaryCall;
  listCoverage(argument: _rosterd_v1_ListCoverageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListCoverageReply__Output>): grpc.ClientUnaryCall;
  listCoverage(argument: _rosterd_v1_ListCoverageRequest, callback: grpc.requestCallback<_rosterd_v1_ListCoverageReply__Output>): grpc.ClientUnaryCall;
  
  ListPeople(argument: _rosterd_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListPeopleReply__Output>): grpc.ClientUnaryCall;
  ListPeople(argument: _rosterd_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_ListPeopleReply__Output>): grpc.ClientUnaryCall;
  ListPeople(argument: _rosterd_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListPeopleReply__Output>): grpc.ClientUnaryCall;
  ListPeople(argument: _rosterd_v1_ListRequest, callback: grpc.requestCallback<_rosterd_v1_ListPeopleReply__Output>): grpc.ClientUnaryCall;
  listPeople(argument: _rosterd_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListPeopleReply__Output>): grpc.ClientUnaryCall;
  listPeople(argument: _rosterd_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_ListPeopleReply__Output>): grpc.ClientUnaryCall;
  listPeople(argument: _rosterd_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_ListPeopleReply__Output>): grpc.ClientUnaryCall;
  listPeople(argument: _rosterd_v1_ListRequest, callback: grpc.requestCallback<_rosterd_v1_ListPeopleReply__Output>): grpc.ClientUnaryCall;
  
  Move(argument: _rosterd_v1_MoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Move(argument: _rosterd_v1_MoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Move(argument: _rosterd_v1_MoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Move(argument: _rosterd_v1_MoveRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  move(argument: _rosterd_v1_MoveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  move(argument: _rosterd_v1_MoveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  move(argument: _rosterd_v1_MoveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  move(argument: _rosterd_v1_MoveRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  ReleaseLock(argument: _rosterd_v1_ReleaseLockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  ReleaseLock(argument: _rosterd_v1_ReleaseLockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  ReleaseLock(argument: _rosterd_v1_ReleaseLockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  ReleaseLock(argument: _rosterd_v1_ReleaseLockRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  releaseLock(argument: _rosterd_v1_ReleaseLockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  releaseLock(argument: _rosterd_v1_ReleaseLockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  releaseLock(argument: _rosterd_v1_ReleaseLockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  releaseLock(argument: _rosterd_v1_ReleaseLockRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  RenewLock(argument: _rosterd_v1_RenewLockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  RenewLock(argument: _rosterd_v1_RenewLockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  RenewLock(argument: _rosterd_v1_RenewLockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  RenewLock(argument: _rosterd_v1_RenewLockRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  renewLock(argument: _rosterd_v1_RenewLockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  renewLock(argument: _rosterd_v1_RenewLockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  renewLock(argument: _rosterd_v1_RenewLockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  renewLock(argument: _rosterd_v1_RenewLockRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  ResolveConflict(argument: _rosterd_v1_ResolveConflictRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  ResolveConflict(argument: _rosterd_v1_ResolveConflictRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  ResolveConflict(argument: _rosterd_v1_ResolveConflictRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  ResolveConflict(argument: _rosterd_v1_ResolveConflictRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  resolveConflict(argument: _rosterd_v1_ResolveConflictRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  resolveConflict(argument: _rosterd_v1_ResolveConflictRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  resolveConflict(argument: _rosterd_v1_ResolveConflictRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  resolveConflict(argument: _rosterd_v1_ResolveConflictRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Pools (bulkheads) of a facility: the table, and its use in a block.
   */
  SetPools(argument: _rosterd_v1_SetPoolsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  SetPools(argument: _rosterd_v1_SetPoolsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  SetPools(argument: _rosterd_v1_SetPoolsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  SetPools(argument: _rosterd_v1_SetPoolsRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  /**
   * Pools (bulkheads) of a facility: the table, and its use in a block.
   */
  setPools(argument: _rosterd_v1_SetPoolsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  setPools(argument: _rosterd_v1_SetPoolsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  setPools(argument: _rosterd_v1_SetPoolsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  setPools(argument: _rosterd_v1_SetPoolsRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Atomic exchange of two assignments, or a move of one (all or nothing).
   */
  Swap(argument: _rosterd_v1_SwapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Swap(argument: _rosterd_v1_SwapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Swap(argument: _rosterd_v1_SwapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Swap(argument: _rosterd_v1_SwapRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  /**
   * Atomic exchange of two assignments, or a move of one (all or nothing).
   */
  swap(argument: _rosterd_v1_SwapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  swap(argument: _rosterd_v1_SwapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  swap(argument: _rosterd_v1_SwapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  swap(argument: _rosterd_v1_SwapRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  Unassign(argument: _rosterd_v1_UnassignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Unassign(argument: _rosterd_v1_UnassignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Unassign(argument: _rosterd_v1_UnassignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  Unassign(argument: _rosterd_v1_UnassignRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  unassign(argument: _rosterd_v1_UnassignRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  unassign(argument: _rosterd_v1_UnassignRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  unassign(argument: _rosterd_v1_UnassignRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  unassign(argument: _rosterd_v1_UnassignRequest, callback: grpc.requestCallback<_rosterd_v1_WriteReply__Output>): grpc.ClientUnaryCall;
  
  Uncover(argument: _rosterd_v1_UncoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  Uncover(argument: _rosterd_v1_UncoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  Uncover(argument: _rosterd_v1_UncoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  Uncover(argument: _rosterd_v1_UncoverRequest, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  uncover(argument: _rosterd_v1_UncoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  uncover(argument: _rosterd_v1_UncoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  uncover(argument: _rosterd_v1_UncoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  uncover(argument: _rosterd_v1_UncoverRequest, callback: grpc.requestCallback<_rosterd_v1_CoverReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * A stream of schedule changes, resumable from a log index. Sends a WatchProgress at
   * once and then at least every second without changes.
   */
  Watch(argument: _rosterd_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rosterd_v1_WatchEvent__Output>;
  Watch(argument: _rosterd_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rosterd_v1_WatchEvent__Output>;
  /**
   * A stream of schedule changes, resumable from a log index. Sends a WatchProgress at
   * once and then at least every second without changes.
   */
  watch(argument: _rosterd_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rosterd_v1_WatchEvent__Output>;
  watch(argument: _rosterd_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rosterd_v1_WatchEvent__Output>;
  
}

export interface RosterHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Schedule locks with fencing tokens.
   */
  AcquireLock: grpc.handleUnaryCall<_rosterd_v1_AcquireLockRequest__Output, _rosterd_v1_WriteReply>;
  
  AddBlock: grpc.handleUnaryCall<_rosterd_v1_AddBlockRequest__Output, _rosterd_v1_WriteReply>;
  
  AddPerson: grpc.handleUnaryCall<_rosterd_v1_AddPersonRequest__Output, _rosterd_v1_WriteReply>;
  
  Assign: grpc.handleUnaryCall<_rosterd_v1_AssignRequest__Output, _rosterd_v1_WriteReply>;
  
  /**
   * Contingency experiments (faculty loss, N-K) on a block: a read.
   */
  Contingency: grpc.handleUnaryCall<_rosterd_v1_ContingencyRequest__Output, _rosterd_v1_ContingencyReply>;
  
  /**
   * Emergency coverage (AP): accepted by any live node.
   */
  Cover: grpc.handleUnaryCall<_rosterd_v1_CoverRequest__Output, _rosterd_v1_CoverReply>;
  
  GetLocks: grpc.handleUnaryCall<_rosterd_v1_GetLocksRequest__Output, _rosterd_v1_GetLocksReply>;
  
  GetPools: grpc.handleUnaryCall<_rosterd_v1_GetPoolsRequest__Output, _rosterd_v1_GetPoolsReply>;
  
  GetSchedule: grpc.handleUnaryCall<_rosterd_v1_GetScheduleRequest__Output, _rosterd_v1_GetScheduleReply>;
  
  ListBlocks: grpc.handleUnaryCall<_rosterd_v1_ListRequest__Output, _rosterd_v1_ListBlocksReply>;
  
  /**
   * Emergency writes and where they stand; conflicts wait for a coordinator.
   */
  ListCoverage: grpc.handleUnaryCall<_rosterd_v1_ListCoverageRequest__Output, _rosterd_v1_ListCoverageReply>;
  
  ListPeople: grpc.handleUnaryCall<_rosterd_v1_ListRequest__Output, _rosterd_v1_ListPeopleReply>;
  
  Move: grpc.handleUnaryCall<_rosterd_v1_MoveRequest__Output, _rosterd_v1_WriteReply>;
  
  ReleaseLock: grpc.handleUnaryCall<_rosterd_v1_ReleaseLockRequest__Output, _rosterd_v1_WriteReply>;
  
  RenewLock: grpc.handleUnaryCall<_rosterd_v1_RenewLockRequest__Output, _rosterd_v1_WriteReply>;
  
  ResolveConflict: grpc.handleUnaryCall<_rosterd_v1_ResolveConflictRequest__Output, _rosterd_v1_WriteReply>;
  
  /**
   * Pools (bulkheads) of a facility: the table, and its use in a block.
   */
  SetPools: grpc.handleUnaryCall<_rosterd_v1_SetPoolsRequest__Output, _rosterd_v1_WriteReply>;
  
  /**
   * Atomic exchange of two assignments, or a move of one (all or nothing).
   */
  Swap: grpc.handleUnaryCall<_rosterd_v1_SwapRequest__Output, _rosterd_v1_WriteReply>;
  
  Unassign: grpc.handleUnaryCall<_rosterd_v1_UnassignRequest__Output, _rosterd_v1_WriteReply>;
  
  Uncover: grpc.handleUnaryCall<_rosterd_v1_UncoverRequest__Output, _rosterd_v1_CoverReply>;
  
  /**
   * A stream of schedule changes, resumable from a log index. Sends a WatchProgress at
   * once and then at least every second without changes.
   */
  Watch: grpc.handleServerStreamingCall<_rosterd_v1_WatchRequest__Output, _rosterd_v1_WatchEvent>;
  
}

export interface RosterDefinition extends grpc.ServiceDefinition {
  AcquireLock: MethodDefinition<_rosterd_v1_AcquireLockRequest, _rosterd_v1_WriteReply, _rosterd_v1_AcquireLockRequest__Output, _rosterd_v1_WriteReply__Output>
  AddBlock: MethodDefinition<_rosterd_v1_AddBlockRequest, _rosterd_v1_WriteReply, _rosterd_v1_AddBlockRequest__Output, _rosterd_v1_WriteReply__Output>
  AddPerson: MethodDefinition<_rosterd_v1_AddPersonRequest, _rosterd_v1_WriteReply, _rosterd_v1_AddPersonRequest__Output, _rosterd_v1_WriteReply__Output>
  Assign: MethodDefinition<_rosterd_v1_AssignRequest, _rosterd_v1_WriteReply, _rosterd_v1_AssignRequest__Output, _rosterd_v1_WriteReply__Output>
  Contingency: MethodDefinition<_rosterd_v1_ContingencyRequest, _rosterd_v1_ContingencyReply, _rosterd_v1_ContingencyRequest__Output, _rosterd_v1_ContingencyReply__Output>
  Cover: MethodDefinition<_rosterd_v1_CoverRequest, _rosterd_v1_CoverReply, _rosterd_v1_CoverRequest__Output, _rosterd_v1_CoverReply__Output>
  GetLocks: MethodDefinition<_rosterd_v1_GetLocksRequest, _rosterd_v1_GetLocksReply, _rosterd_v1_GetLocksRequest__Output, _rosterd_v1_GetLocksReply__Output>
  GetPools: MethodDefinition<_rosterd_v1_GetPoolsRequest, _rosterd_v1_GetPoolsReply, _rosterd_v1_GetPoolsRequest__Output, _rosterd_v1_GetPoolsReply__Output>
  GetSchedule: MethodDefinition<_rosterd_v1_GetScheduleRequest, _rosterd_v1_GetScheduleReply, _rosterd_v1_GetScheduleRequest__Output, _rosterd_v1_GetScheduleReply__Output>
  ListBlocks: MethodDefinition<_rosterd_v1_ListRequest, _rosterd_v1_ListBlocksReply, _rosterd_v1_ListRequest__Output, _rosterd_v1_ListBlocksReply__Output>
  ListCoverage: MethodDefinition<_rosterd_v1_ListCoverageRequest, _rosterd_v1_ListCoverageReply, _rosterd_v1_ListCoverageRequest__Output, _rosterd_v1_ListCoverageReply__Output>
  ListPeople: MethodDefinition<_rosterd_v1_ListRequest, _rosterd_v1_ListPeopleReply, _rosterd_v1_ListRequest__Output, _rosterd_v1_ListPeopleReply__Output>
  Move: MethodDefinition<_rosterd_v1_MoveRequest, _rosterd_v1_WriteReply, _rosterd_v1_MoveRequest__Output, _rosterd_v1_WriteReply__Output>
  ReleaseLock: MethodDefinition<_rosterd_v1_ReleaseLockRequest, _rosterd_v1_WriteReply, _rosterd_v1_ReleaseLockRequest__Output, _rosterd_v1_WriteReply__Output>
  RenewLock: MethodDefinition<_rosterd_v1_RenewLockRequest, _rosterd_v1_WriteReply, _rosterd_v1_RenewLockRequest__Output, _rosterd_v1_WriteReply__Output>
  ResolveConflict: MethodDefinition<_rosterd_v1_ResolveConflictRequest, _rosterd_v1_WriteReply, _rosterd_v1_ResolveConflictRequest__Output, _rosterd_v1_WriteReply__Output>
  SetPools: MethodDefinition<_rosterd_v1_SetPoolsRequest, _rosterd_v1_WriteReply, _rosterd_v1_SetPoolsRequest__Output, _rosterd_v1_WriteReply__Output>
  Swap: MethodDefinition<_rosterd_v1_SwapRequest, _rosterd_v1_WriteReply, _rosterd_v1_SwapRequest__Output, _rosterd_v1_WriteReply__Output>
  Unassign: MethodDefinition<_rosterd_v1_UnassignRequest, _rosterd_v1_WriteReply, _rosterd_v1_UnassignRequest__Output, _rosterd_v1_WriteReply__Output>
  Uncover: MethodDefinition<_rosterd_v1_UncoverRequest, _rosterd_v1_CoverReply, _rosterd_v1_UncoverRequest__Output, _rosterd_v1_CoverReply__Output>
  Watch: MethodDefinition<_rosterd_v1_WatchRequest, _rosterd_v1_WatchEvent, _rosterd_v1_WatchRequest__Output, _rosterd_v1_WatchEvent__Output>
}
