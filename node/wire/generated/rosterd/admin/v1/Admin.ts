// Original file: proto/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddMemberRequest as _rosterd_admin_v1_AddMemberRequest, AddMemberRequest__Output as _rosterd_admin_v1_AddMemberRequest__Output } from '../../../rosterd/admin/v1/AddMemberRequest.ts';
import type { MemberRequest as _rosterd_admin_v1_MemberRequest, MemberRequest__Output as _rosterd_admin_v1_MemberRequest__Output } from '../../../rosterd/admin/v1/MemberRequest.ts';
import type { MembersReply as _rosterd_admin_v1_MembersReply, MembersReply__Output as _rosterd_admin_v1_MembersReply__Output } from '../../../rosterd/admin/v1/MembersReply.ts';
import type { MembersRequest as _rosterd_admin_v1_MembersRequest, MembersRequest__Output as _rosterd_admin_v1_MembersRequest__Output } from '../../../rosterd/admin/v1/MembersRequest.ts';
import type { NodeStatus as _rosterd_admin_v1_NodeStatus, NodeStatus__Output as _rosterd_admin_v1_NodeStatus__Output } from '../../../rosterd/admin/v1/NodeStatus.ts';
import type { SetIsolationRequest as _rosterd_admin_v1_SetIsolationRequest, SetIsolationRequest__Output as _rosterd_admin_v1_SetIsolationRequest__Output } from '../../../rosterd/admin/v1/SetIsolationRequest.ts';
import type { SnapshotReply as _rosterd_admin_v1_SnapshotReply, SnapshotReply__Output as _rosterd_admin_v1_SnapshotReply__Output } from '../../../rosterd/admin/v1/SnapshotReply.ts';
import type { SnapshotRequest as _rosterd_admin_v1_SnapshotRequest, SnapshotRequest__Output as _rosterd_admin_v1_SnapshotRequest__Output } from '../../../rosterd/admin/v1/SnapshotRequest.ts';
import type { StatusRequest as _rosterd_admin_v1_StatusRequest, StatusRequest__Output as _rosterd_admin_v1_StatusRequest__Output } from '../../../rosterd/admin/v1/StatusRequest.ts';
import type { TransferLeaderReply as _rosterd_admin_v1_TransferLeaderReply, TransferLeaderReply__Output as _rosterd_admin_v1_TransferLeaderReply__Output } from '../../../rosterd/admin/v1/TransferLeaderReply.ts';
import type { TransferLeaderRequest as _rosterd_admin_v1_TransferLeaderRequest, TransferLeaderRequest__Output as _rosterd_admin_v1_TransferLeaderRequest__Output } from '../../../rosterd/admin/v1/TransferLeaderRequest.ts';

export interface AdminClient extends grpc.Client {
  /**
   * Adds a learner; it receives the log and can be promoted once caught up.
   */
  AddMember(argument: _rosterd_admin_v1_AddMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _rosterd_admin_v1_AddMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _rosterd_admin_v1_AddMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _rosterd_admin_v1_AddMemberRequest, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  /**
   * Adds a learner; it receives the log and can be promoted once caught up.
   */
  addMember(argument: _rosterd_admin_v1_AddMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  addMember(argument: _rosterd_admin_v1_AddMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  addMember(argument: _rosterd_admin_v1_AddMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  addMember(argument: _rosterd_admin_v1_AddMemberRequest, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  
  Members(argument: _rosterd_admin_v1_MembersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  Members(argument: _rosterd_admin_v1_MembersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  Members(argument: _rosterd_admin_v1_MembersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  Members(argument: _rosterd_admin_v1_MembersRequest, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  members(argument: _rosterd_admin_v1_MembersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  members(argument: _rosterd_admin_v1_MembersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  members(argument: _rosterd_admin_v1_MembersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  members(argument: _rosterd_admin_v1_MembersRequest, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  
  PromoteMember(argument: _rosterd_admin_v1_MemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  PromoteMember(argument: _rosterd_admin_v1_MemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  PromoteMember(argument: _rosterd_admin_v1_MemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  PromoteMember(argument: _rosterd_admin_v1_MemberRequest, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  promoteMember(argument: _rosterd_admin_v1_MemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  promoteMember(argument: _rosterd_admin_v1_MemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  promoteMember(argument: _rosterd_admin_v1_MemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  promoteMember(argument: _rosterd_admin_v1_MemberRequest, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  
  RemoveMember(argument: _rosterd_admin_v1_MemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _rosterd_admin_v1_MemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _rosterd_admin_v1_MemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _rosterd_admin_v1_MemberRequest, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _rosterd_admin_v1_MemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _rosterd_admin_v1_MemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _rosterd_admin_v1_MemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _rosterd_admin_v1_MemberRequest, callback: grpc.requestCallback<_rosterd_admin_v1_MembersReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Fault injection for demonstrations and tests: cuts (or heals) all of this node's
   * peer links. Refused (FAILED_PRECONDITION) unless the node runs with --fault-injection.
   */
  SetIsolation(argument: _rosterd_admin_v1_SetIsolationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  SetIsolation(argument: _rosterd_admin_v1_SetIsolationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  SetIsolation(argument: _rosterd_admin_v1_SetIsolationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  SetIsolation(argument: _rosterd_admin_v1_SetIsolationRequest, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  /**
   * Fault injection for demonstrations and tests: cuts (or heals) all of this node's
   * peer links. Refused (FAILED_PRECONDITION) unless the node runs with --fault-injection.
   */
  setIsolation(argument: _rosterd_admin_v1_SetIsolationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  setIsolation(argument: _rosterd_admin_v1_SetIsolationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  setIsolation(argument: _rosterd_admin_v1_SetIsolationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  setIsolation(argument: _rosterd_admin_v1_SetIsolationRequest, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  
  /**
   * Takes a snapshot of this node's state machine now and compacts its log.
   */
  Snapshot(argument: _rosterd_admin_v1_SnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_SnapshotReply__Output>): grpc.ClientUnaryCall;
  Snapshot(argument: _rosterd_admin_v1_SnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_SnapshotReply__Output>): grpc.ClientUnaryCall;
  Snapshot(argument: _rosterd_admin_v1_SnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_SnapshotReply__Output>): grpc.ClientUnaryCall;
  Snapshot(argument: _rosterd_admin_v1_SnapshotRequest, callback: grpc.requestCallback<_rosterd_admin_v1_SnapshotReply__Output>): grpc.ClientUnaryCall;
  /**
   * Takes a snapshot of this node's state machine now and compacts its log.
   */
  snapshot(argument: _rosterd_admin_v1_SnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_SnapshotReply__Output>): grpc.ClientUnaryCall;
  snapshot(argument: _rosterd_admin_v1_SnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_SnapshotReply__Output>): grpc.ClientUnaryCall;
  snapshot(argument: _rosterd_admin_v1_SnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_SnapshotReply__Output>): grpc.ClientUnaryCall;
  snapshot(argument: _rosterd_admin_v1_SnapshotRequest, callback: grpc.requestCallback<_rosterd_admin_v1_SnapshotReply__Output>): grpc.ClientUnaryCall;
  
  Status(argument: _rosterd_admin_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _rosterd_admin_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _rosterd_admin_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _rosterd_admin_v1_StatusRequest, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _rosterd_admin_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _rosterd_admin_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _rosterd_admin_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _rosterd_admin_v1_StatusRequest, callback: grpc.requestCallback<_rosterd_admin_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  
  TransferLeader(argument: _rosterd_admin_v1_TransferLeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_TransferLeaderReply__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _rosterd_admin_v1_TransferLeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_TransferLeaderReply__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _rosterd_admin_v1_TransferLeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_TransferLeaderReply__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _rosterd_admin_v1_TransferLeaderRequest, callback: grpc.requestCallback<_rosterd_admin_v1_TransferLeaderReply__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _rosterd_admin_v1_TransferLeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_TransferLeaderReply__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _rosterd_admin_v1_TransferLeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_admin_v1_TransferLeaderReply__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _rosterd_admin_v1_TransferLeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_admin_v1_TransferLeaderReply__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _rosterd_admin_v1_TransferLeaderRequest, callback: grpc.requestCallback<_rosterd_admin_v1_TransferLeaderReply__Output>): grpc.ClientUnaryCall;
  
}

export interface AdminHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Adds a learner; it receives the log and can be promoted once caught up.
   */
  AddMember: grpc.handleUnaryCall<_rosterd_admin_v1_AddMemberRequest__Output, _rosterd_admin_v1_MembersReply>;
  
  Members: grpc.handleUnaryCall<_rosterd_admin_v1_MembersRequest__Output, _rosterd_admin_v1_MembersReply>;
  
  PromoteMember: grpc.handleUnaryCall<_rosterd_admin_v1_MemberRequest__Output, _rosterd_admin_v1_MembersReply>;
  
  RemoveMember: grpc.handleUnaryCall<_rosterd_admin_v1_MemberRequest__Output, _rosterd_admin_v1_MembersReply>;
  
  /**
   * Fault injection for demonstrations and tests: cuts (or heals) all of this node's
   * peer links. Refused (FAILED_PRECONDITION) unless the node runs with --fault-injection.
   */
  SetIsolation: grpc.handleUnaryCall<_rosterd_admin_v1_SetIsolationRequest__Output, _rosterd_admin_v1_NodeStatus>;
  
  /**
   * Takes a snapshot of this node's state machine now and compacts its log.
   */
  Snapshot: grpc.handleUnaryCall<_rosterd_admin_v1_SnapshotRequest__Output, _rosterd_admin_v1_SnapshotReply>;
  
  Status: grpc.handleUnaryCall<_rosterd_admin_v1_StatusRequest__Output, _rosterd_admin_v1_NodeStatus>;
  
  TransferLeader: grpc.handleUnaryCall<_rosterd_admin_v1_TransferLeaderRequest__Output, _rosterd_admin_v1_TransferLeaderReply>;
  
}

export interface AdminDefinition extends grpc.ServiceDefinition {
  AddMember: MethodDefinition<_rosterd_admin_v1_AddMemberRequest, _rosterd_admin_v1_MembersReply, _rosterd_admin_v1_AddMemberRequest__Output, _rosterd_admin_v1_MembersReply__Output>
  Members: MethodDefinition<_rosterd_admin_v1_MembersRequest, _rosterd_admin_v1_MembersReply, _rosterd_admin_v1_MembersRequest__Output, _rosterd_admin_v1_MembersReply__Output>
  PromoteMember: MethodDefinition<_rosterd_admin_v1_MemberRequest, _rosterd_admin_v1_MembersReply, _rosterd_admin_v1_MemberRequest__Output, _rosterd_admin_v1_MembersReply__Output>
  RemoveMember: MethodDefinition<_rosterd_admin_v1_MemberRequest, _rosterd_admin_v1_MembersReply, _rosterd_admin_v1_MemberRequest__Output, _rosterd_admin_v1_MembersReply__Output>
  SetIsolation: MethodDefinition<_rosterd_admin_v1_SetIsolationRequest, _rosterd_admin_v1_NodeStatus, _rosterd_admin_v1_SetIsolationRequest__Output, _rosterd_admin_v1_NodeStatus__Output>
  Snapshot: MethodDefinition<_rosterd_admin_v1_SnapshotRequest, _rosterd_admin_v1_SnapshotReply, _rosterd_admin_v1_SnapshotRequest__Output, _rosterd_admin_v1_SnapshotReply__Output>
  Status: MethodDefinition<_rosterd_admin_v1_StatusRequest, _rosterd_admin_v1_NodeStatus, _rosterd_admin_v1_StatusRequest__Output, _rosterd_admin_v1_NodeStatus__Output>
  TransferLeader: MethodDefinition<_rosterd_admin_v1_TransferLeaderRequest, _rosterd_admin_v1_TransferLeaderReply, _rosterd_admin_v1_TransferLeaderRequest__Output, _rosterd_admin_v1_TransferLeaderReply__Output>
}
