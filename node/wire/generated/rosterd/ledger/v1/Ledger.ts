// Original file: proto/ledger.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CommitReply as _rosterd_ledger_v1_CommitReply, CommitReply__Output as _rosterd_ledger_v1_CommitReply__Output } from '../../../rosterd/ledger/v1/CommitReply.ts';
import type { CommitRequest as _rosterd_ledger_v1_CommitRequest, CommitRequest__Output as _rosterd_ledger_v1_CommitRequest__Output } from '../../../rosterd/ledger/v1/CommitRequest.ts';
import type { GetHeadReply as _rosterd_ledger_v1_GetHeadReply, GetHeadReply__Output as _rosterd_ledger_v1_GetHeadReply__Output } from '../../../rosterd/ledger/v1/GetHeadReply.ts';
import type { GetHeadRequest as _rosterd_ledger_v1_GetHeadRequest, GetHeadRequest__Output as _rosterd_ledger_v1_GetHeadRequest__Output } from '../../../rosterd/ledger/v1/GetHeadRequest.ts';
import type { GetLedgerReply as _rosterd_ledger_v1_GetLedgerReply, GetLedgerReply__Output as _rosterd_ledger_v1_GetLedgerReply__Output } from '../../../rosterd/ledger/v1/GetLedgerReply.ts';
import type { GetLedgerRequest as _rosterd_ledger_v1_GetLedgerRequest, GetLedgerRequest__Output as _rosterd_ledger_v1_GetLedgerRequest__Output } from '../../../rosterd/ledger/v1/GetLedgerRequest.ts';
import type { ListEvidenceReply as _rosterd_ledger_v1_ListEvidenceReply, ListEvidenceReply__Output as _rosterd_ledger_v1_ListEvidenceReply__Output } from '../../../rosterd/ledger/v1/ListEvidenceReply.ts';
import type { ListEvidenceRequest as _rosterd_ledger_v1_ListEvidenceRequest, ListEvidenceRequest__Output as _rosterd_ledger_v1_ListEvidenceRequest__Output } from '../../../rosterd/ledger/v1/ListEvidenceRequest.ts';
import type { ListKeysReply as _rosterd_ledger_v1_ListKeysReply, ListKeysReply__Output as _rosterd_ledger_v1_ListKeysReply__Output } from '../../../rosterd/ledger/v1/ListKeysReply.ts';
import type { ListKeysRequest as _rosterd_ledger_v1_ListKeysRequest, ListKeysRequest__Output as _rosterd_ledger_v1_ListKeysRequest__Output } from '../../../rosterd/ledger/v1/ListKeysRequest.ts';
import type { ReportEvidence as _rosterd_ledger_v1_ReportEvidence, ReportEvidence__Output as _rosterd_ledger_v1_ReportEvidence__Output } from '../../../rosterd/ledger/v1/ReportEvidence.ts';
import type { ReportEvidenceReply as _rosterd_ledger_v1_ReportEvidenceReply, ReportEvidenceReply__Output as _rosterd_ledger_v1_ReportEvidenceReply__Output } from '../../../rosterd/ledger/v1/ReportEvidenceReply.ts';
import type { VoteReply as _rosterd_ledger_v1_VoteReply, VoteReply__Output as _rosterd_ledger_v1_VoteReply__Output } from '../../../rosterd/ledger/v1/VoteReply.ts';
import type { VoteRequest as _rosterd_ledger_v1_VoteRequest, VoteRequest__Output as _rosterd_ledger_v1_VoteRequest__Output } from '../../../rosterd/ledger/v1/VoteRequest.ts';

export interface LedgerClient extends grpc.Client {
  /**
   * Asks the facilities to commit the block's current version; appends the ledger entry
   * once a quorum signed one digest. A final approval: refused in a minority.
   */
  Commit(argument: _rosterd_ledger_v1_CommitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  Commit(argument: _rosterd_ledger_v1_CommitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  Commit(argument: _rosterd_ledger_v1_CommitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  Commit(argument: _rosterd_ledger_v1_CommitRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  /**
   * Asks the facilities to commit the block's current version; appends the ledger entry
   * once a quorum signed one digest. A final approval: refused in a minority.
   */
  commit(argument: _rosterd_ledger_v1_CommitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  commit(argument: _rosterd_ledger_v1_CommitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  commit(argument: _rosterd_ledger_v1_CommitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  commit(argument: _rosterd_ledger_v1_CommitRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  
  GetHead(argument: _rosterd_ledger_v1_GetHeadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_GetHeadReply__Output>): grpc.ClientUnaryCall;
  GetHead(argument: _rosterd_ledger_v1_GetHeadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_GetHeadReply__Output>): grpc.ClientUnaryCall;
  GetHead(argument: _rosterd_ledger_v1_GetHeadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_GetHeadReply__Output>): grpc.ClientUnaryCall;
  GetHead(argument: _rosterd_ledger_v1_GetHeadRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_GetHeadReply__Output>): grpc.ClientUnaryCall;
  getHead(argument: _rosterd_ledger_v1_GetHeadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_GetHeadReply__Output>): grpc.ClientUnaryCall;
  getHead(argument: _rosterd_ledger_v1_GetHeadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_GetHeadReply__Output>): grpc.ClientUnaryCall;
  getHead(argument: _rosterd_ledger_v1_GetHeadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_GetHeadReply__Output>): grpc.ClientUnaryCall;
  getHead(argument: _rosterd_ledger_v1_GetHeadRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_GetHeadReply__Output>): grpc.ClientUnaryCall;
  
  GetLedger(argument: _rosterd_ledger_v1_GetLedgerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_GetLedgerReply__Output>): grpc.ClientUnaryCall;
  GetLedger(argument: _rosterd_ledger_v1_GetLedgerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_GetLedgerReply__Output>): grpc.ClientUnaryCall;
  GetLedger(argument: _rosterd_ledger_v1_GetLedgerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_GetLedgerReply__Output>): grpc.ClientUnaryCall;
  GetLedger(argument: _rosterd_ledger_v1_GetLedgerRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_GetLedgerReply__Output>): grpc.ClientUnaryCall;
  getLedger(argument: _rosterd_ledger_v1_GetLedgerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_GetLedgerReply__Output>): grpc.ClientUnaryCall;
  getLedger(argument: _rosterd_ledger_v1_GetLedgerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_GetLedgerReply__Output>): grpc.ClientUnaryCall;
  getLedger(argument: _rosterd_ledger_v1_GetLedgerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_GetLedgerReply__Output>): grpc.ClientUnaryCall;
  getLedger(argument: _rosterd_ledger_v1_GetLedgerRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_GetLedgerReply__Output>): grpc.ClientUnaryCall;
  
  ListEvidence(argument: _rosterd_ledger_v1_ListEvidenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ListEvidenceReply__Output>): grpc.ClientUnaryCall;
  ListEvidence(argument: _rosterd_ledger_v1_ListEvidenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_ListEvidenceReply__Output>): grpc.ClientUnaryCall;
  ListEvidence(argument: _rosterd_ledger_v1_ListEvidenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ListEvidenceReply__Output>): grpc.ClientUnaryCall;
  ListEvidence(argument: _rosterd_ledger_v1_ListEvidenceRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_ListEvidenceReply__Output>): grpc.ClientUnaryCall;
  listEvidence(argument: _rosterd_ledger_v1_ListEvidenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ListEvidenceReply__Output>): grpc.ClientUnaryCall;
  listEvidence(argument: _rosterd_ledger_v1_ListEvidenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_ListEvidenceReply__Output>): grpc.ClientUnaryCall;
  listEvidence(argument: _rosterd_ledger_v1_ListEvidenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ListEvidenceReply__Output>): grpc.ClientUnaryCall;
  listEvidence(argument: _rosterd_ledger_v1_ListEvidenceRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_ListEvidenceReply__Output>): grpc.ClientUnaryCall;
  
  ListKeys(argument: _rosterd_ledger_v1_ListKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ListKeysReply__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _rosterd_ledger_v1_ListKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_ListKeysReply__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _rosterd_ledger_v1_ListKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ListKeysReply__Output>): grpc.ClientUnaryCall;
  ListKeys(argument: _rosterd_ledger_v1_ListKeysRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_ListKeysReply__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _rosterd_ledger_v1_ListKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ListKeysReply__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _rosterd_ledger_v1_ListKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_ListKeysReply__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _rosterd_ledger_v1_ListKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ListKeysReply__Output>): grpc.ClientUnaryCall;
  listKeys(argument: _rosterd_ledger_v1_ListKeysRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_ListKeysReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Two statements signed by one facility that cannot both be honest (two votes for one
   * block version, two heads at one sequence): checked here, then recorded through Raft.
   */
  ReportEvidence(argument: _rosterd_ledger_v1_ReportEvidence, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ReportEvidenceReply__Output>): grpc.ClientUnaryCall;
  ReportEvidence(argument: _rosterd_ledger_v1_ReportEvidence, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_ReportEvidenceReply__Output>): grpc.ClientUnaryCall;
  ReportEvidence(argument: _rosterd_ledger_v1_ReportEvidence, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ReportEvidenceReply__Output>): grpc.ClientUnaryCall;
  ReportEvidence(argument: _rosterd_ledger_v1_ReportEvidence, callback: grpc.requestCallback<_rosterd_ledger_v1_ReportEvidenceReply__Output>): grpc.ClientUnaryCall;
  /**
   * Two statements signed by one facility that cannot both be honest (two votes for one
   * block version, two heads at one sequence): checked here, then recorded through Raft.
   */
  reportEvidence(argument: _rosterd_ledger_v1_ReportEvidence, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ReportEvidenceReply__Output>): grpc.ClientUnaryCall;
  reportEvidence(argument: _rosterd_ledger_v1_ReportEvidence, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_ReportEvidenceReply__Output>): grpc.ClientUnaryCall;
  reportEvidence(argument: _rosterd_ledger_v1_ReportEvidence, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_ReportEvidenceReply__Output>): grpc.ClientUnaryCall;
  reportEvidence(argument: _rosterd_ledger_v1_ReportEvidence, callback: grpc.requestCallback<_rosterd_ledger_v1_ReportEvidenceReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Between facilities: this node signs its own digest of the block.
   */
  RequestVote(argument: _rosterd_ledger_v1_VoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_VoteReply__Output>): grpc.ClientUnaryCall;
  RequestVote(argument: _rosterd_ledger_v1_VoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_VoteReply__Output>): grpc.ClientUnaryCall;
  RequestVote(argument: _rosterd_ledger_v1_VoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_VoteReply__Output>): grpc.ClientUnaryCall;
  RequestVote(argument: _rosterd_ledger_v1_VoteRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_VoteReply__Output>): grpc.ClientUnaryCall;
  /**
   * Between facilities: this node signs its own digest of the block.
   */
  requestVote(argument: _rosterd_ledger_v1_VoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_VoteReply__Output>): grpc.ClientUnaryCall;
  requestVote(argument: _rosterd_ledger_v1_VoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rosterd_ledger_v1_VoteReply__Output>): grpc.ClientUnaryCall;
  requestVote(argument: _rosterd_ledger_v1_VoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rosterd_ledger_v1_VoteReply__Output>): grpc.ClientUnaryCall;
  requestVote(argument: _rosterd_ledger_v1_VoteRequest, callback: grpc.requestCallback<_rosterd_ledger_v1_VoteReply__Output>): grpc.ClientUnaryCall;
  
}

export interface LedgerHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Asks the facilities to commit the block's current version; appends the ledger entry
   * once a quorum signed one digest. A final approval: refused in a minority.
   */
  Commit: grpc.handleUnaryCall<_rosterd_ledger_v1_CommitRequest__Output, _rosterd_ledger_v1_CommitReply>;
  
  GetHead: grpc.handleUnaryCall<_rosterd_ledger_v1_GetHeadRequest__Output, _rosterd_ledger_v1_GetHeadReply>;
  
  GetLedger: grpc.handleUnaryCall<_rosterd_ledger_v1_GetLedgerRequest__Output, _rosterd_ledger_v1_GetLedgerReply>;
  
  ListEvidence: grpc.handleUnaryCall<_rosterd_ledger_v1_ListEvidenceRequest__Output, _rosterd_ledger_v1_ListEvidenceReply>;
  
  ListKeys: grpc.handleUnaryCall<_rosterd_ledger_v1_ListKeysRequest__Output, _rosterd_ledger_v1_ListKeysReply>;
  
  /**
   * Two statements signed by one facility that cannot both be honest (two votes for one
   * block version, two heads at one sequence): checked here, then recorded through Raft.
   */
  ReportEvidence: grpc.handleUnaryCall<_rosterd_ledger_v1_ReportEvidence__Output, _rosterd_ledger_v1_ReportEvidenceReply>;
  
  /**
   * Between facilities: this node signs its own digest of the block.
   */
  RequestVote: grpc.handleUnaryCall<_rosterd_ledger_v1_VoteRequest__Output, _rosterd_ledger_v1_VoteReply>;
  
}

export interface LedgerDefinition extends grpc.ServiceDefinition {
  Commit: MethodDefinition<_rosterd_ledger_v1_CommitRequest, _rosterd_ledger_v1_CommitReply, _rosterd_ledger_v1_CommitRequest__Output, _rosterd_ledger_v1_CommitReply__Output>
  GetHead: MethodDefinition<_rosterd_ledger_v1_GetHeadRequest, _rosterd_ledger_v1_GetHeadReply, _rosterd_ledger_v1_GetHeadRequest__Output, _rosterd_ledger_v1_GetHeadReply__Output>
  GetLedger: MethodDefinition<_rosterd_ledger_v1_GetLedgerRequest, _rosterd_ledger_v1_GetLedgerReply, _rosterd_ledger_v1_GetLedgerRequest__Output, _rosterd_ledger_v1_GetLedgerReply__Output>
  ListEvidence: MethodDefinition<_rosterd_ledger_v1_ListEvidenceRequest, _rosterd_ledger_v1_ListEvidenceReply, _rosterd_ledger_v1_ListEvidenceRequest__Output, _rosterd_ledger_v1_ListEvidenceReply__Output>
  ListKeys: MethodDefinition<_rosterd_ledger_v1_ListKeysRequest, _rosterd_ledger_v1_ListKeysReply, _rosterd_ledger_v1_ListKeysRequest__Output, _rosterd_ledger_v1_ListKeysReply__Output>
  ReportEvidence: MethodDefinition<_rosterd_ledger_v1_ReportEvidence, _rosterd_ledger_v1_ReportEvidenceReply, _rosterd_ledger_v1_ReportEvidence__Output, _rosterd_ledger_v1_ReportEvidenceReply__Output>
  RequestVote: MethodDefinition<_rosterd_ledger_v1_VoteRequest, _rosterd_ledger_v1_VoteReply, _rosterd_ledger_v1_VoteRequest__Output, _rosterd_ledger_v1_VoteReply__Output>
}
