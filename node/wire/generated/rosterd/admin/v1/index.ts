// Every type of proto package rosterd.admin.v1. Written by node/wire/generate-types.ts (npm run gen:proto); do not edit.

export * from './AddMemberRequest.ts';
export * from './Admin.ts';
export * from './Member.ts';
export * from './MemberRequest.ts';
export * from './MembersReply.ts';
export * from './MembersRequest.ts';
export * from './NodeStatus.ts';
export * from './PeerLink.ts';
export * from './SetIsolationRequest.ts';
export * from './SnapshotReply.ts';
export * from './SnapshotRequest.ts';
export * from './StatusRequest.ts';
export * from './TransferLeaderReply.ts';
export * from './TransferLeaderRequest.ts';
