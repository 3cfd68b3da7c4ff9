import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AcquireLock as _rosterd_v1_AcquireLock, AcquireLock__Output as _rosterd_v1_AcquireLock__Output } from './rosterd/v1/AcquireLock.ts';
import type { AcquireLockRequest as _rosterd_v1_AcquireLockRequest, AcquireLockRequest__Output as _rosterd_v1_AcquireLockRequest__Output } from './rosterd/v1/AcquireLockRequest.ts';
import type { AddBlockRequest as _rosterd_v1_AddBlockRequest, AddBlockRequest__Output as _rosterd_v1_AddBlockRequest__Output } from './rosterd/v1/AddBlockRequest.ts';
import type { AddPersonRequest as _rosterd_v1_AddPersonRequest, AddPersonRequest__Output as _rosterd_v1_AddPersonRequest__Output } from './rosterd/v1/AddPersonRequest.ts';
import type { AssignRequest as _rosterd_v1_AssignRequest, AssignRequest__Output as _rosterd_v1_AssignRequest__Output } from './rosterd/v1/AssignRequest.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from './rosterd/v1/Assignment.ts';
import type { AssignmentRef as _rosterd_v1_AssignmentRef, AssignmentRef__Output as _rosterd_v1_AssignmentRef__Output } from './rosterd/v1/AssignmentRef.ts';
import type { Block as _rosterd_v1_Block, Block__Output as _rosterd_v1_Block__Output } from './rosterd/v1/Block.ts';
import type { Command as _rosterd_v1_Command, Command__Output as _rosterd_v1_Command__Output } from './rosterd/v1/Command.ts';
import type { ContingencyFinding as _rosterd_v1_ContingencyFinding, ContingencyFinding__Output as _rosterd_v1_ContingencyFinding__Output } from './rosterd/v1/ContingencyFinding.ts';
import type { ContingencyReply as _rosterd_v1_ContingencyReply, ContingencyReply__Output as _rosterd_v1_ContingencyReply__Output } from './rosterd/v1/ContingencyReply.ts';
import type { ContingencyRequest as _rosterd_v1_ContingencyRequest, ContingencyRequest__Output as _rosterd_v1_ContingencyRequest__Output } from './rosterd/v1/ContingencyRequest.ts';
import type { CoverReply as _rosterd_v1_CoverReply, CoverReply__Output as _rosterd_v1_CoverReply__Output } from './rosterd/v1/CoverReply.ts';
import type { CoverRequest as _rosterd_v1_CoverRequest, CoverRequest__Output as _rosterd_v1_CoverRequest__Output } from './rosterd/v1/CoverRequest.ts';
import type { CoverageEntry as _rosterd_v1_CoverageEntry, CoverageEntry__Output as _rosterd_v1_CoverageEntry__Output } from './rosterd/v1/CoverageEntry.ts';
import type { CoverageStatus as _rosterd_v1_CoverageStatus, CoverageStatus__Output as _rosterd_v1_CoverageStatus__Output } from './rosterd/v1/CoverageStatus.ts';
import type { CoverageWrite as _rosterd_v1_CoverageWrite, CoverageWrite__Output as _rosterd_v1_CoverageWrite__Output } from './rosterd/v1/CoverageWrite.ts';
import type { Exchange as _rosterd_v1_Exchange, Exchange__Output as _rosterd_v1_Exchange__Output } from './rosterd/v1/Exchange.ts';
import type { GapCover as _rosterd_v1_GapCover, GapCover__Output as _rosterd_v1_GapCover__Output } from './rosterd/v1/GapCover.ts';
import type { GetLocksReply as _rosterd_v1_GetLocksReply, GetLocksReply__Output as _rosterd_v1_GetLocksReply__Output } from './rosterd/v1/GetLocksReply.ts';
import type { GetLocksRequest as _rosterd_v1_GetLocksRequest, GetLocksRequest__Output as _rosterd_v1_GetLocksRequest__Output } from './rosterd/v1/GetLocksRequest.ts';
import type { GetPoolsReply as _rosterd_v1_GetPoolsReply, GetPoolsReply__Output as _rosterd_v1_GetPoolsReply__Output } from './rosterd/v1/GetPoolsReply.ts';
import type { GetPoolsRequest as _rosterd_v1_GetPoolsRequest, GetPoolsRequest__Output as _rosterd_v1_GetPoolsRequest__Output } from './rosterd/v1/GetPoolsRequest.ts';
import type { GetScheduleReply as _rosterd_v1_GetScheduleReply, GetScheduleReply__Output as _rosterd_v1_GetScheduleReply__Output } from './rosterd/v1/GetScheduleReply.ts';
import type { GetScheduleRequest as _rosterd_v1_GetScheduleRequest, GetScheduleRequest__Output as _rosterd_v1_GetScheduleRequest__Output } from './rosterd/v1/GetScheduleRequest.ts';
import type { ListBlocksReply as _rosterd_v1_ListBlocksReply, ListBlocksReply__Output as _rosterd_v1_ListBlocksReply__Output } from './rosterd/v1/ListBlocksReply.ts';
import type { ListCoverageReply as _rosterd_v1_ListCoverageReply, ListCoverageReply__Output as _rosterd_v1_ListCoverageReply__Output } from './rosterd/v1/ListCoverageReply.ts';
import type { ListCoverageRequest as _rosterd_v1_ListCoverageRequest, ListCoverageRequest__Output as _rosterd_v1_ListCoverageRequest__Output } from './rosterd/v1/ListCoverageRequest.ts';
import type { ListPeopleReply as _rosterd_v1_ListPeopleReply, ListPeopleReply__Output as _rosterd_v1_ListPeopleReply__Output } from './rosterd/v1/ListPeopleReply.ts';
import type { ListRequest as _rosterd_v1_ListRequest, ListRequest__Output as _rosterd_v1_ListRequest__Output } from './rosterd/v1/ListRequest.ts';
import type { Lock as _rosterd_v1_Lock, Lock__Output as _rosterd_v1_Lock__Output } from './rosterd/v1/Lock.ts';
import type { Move as _rosterd_v1_Move, Move__Output as _rosterd_v1_Move__Output } from './rosterd/v1/Move.ts';
import type { MoveRequest as _rosterd_v1_MoveRequest, MoveRequest__Output as _rosterd_v1_MoveRequest__Output } from './rosterd/v1/MoveRequest.ts';
import type { Person as _rosterd_v1_Person, Person__Output as _rosterd_v1_Person__Output } from './rosterd/v1/Person.ts';
import type { PoolGap as _rosterd_v1_PoolGap, PoolGap__Output as _rosterd_v1_PoolGap__Output } from './rosterd/v1/PoolGap.ts';
import type { PoolShortfall as _rosterd_v1_PoolShortfall, PoolShortfall__Output as _rosterd_v1_PoolShortfall__Output } from './rosterd/v1/PoolShortfall.ts';
import type { PoolSpec as _rosterd_v1_PoolSpec, PoolSpec__Output as _rosterd_v1_PoolSpec__Output } from './rosterd/v1/PoolSpec.ts';
import type { PoolUsage as _rosterd_v1_PoolUsage, PoolUsage__Output as _rosterd_v1_PoolUsage__Output } from './rosterd/v1/PoolUsage.ts';
import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from './rosterd/v1/ReadHeader.ts';
import type { ReadOptions as _rosterd_v1_ReadOptions, ReadOptions__Output as _rosterd_v1_ReadOptions__Output } from './rosterd/v1/ReadOptions.ts';
import type { Reconcile as _rosterd_v1_Reconcile, Reconcile__Output as _rosterd_v1_Reconcile__Output } from './rosterd/v1/Reconcile.ts';
import type { ReleaseLock as _rosterd_v1_ReleaseLock, ReleaseLock__Output as _rosterd_v1_ReleaseLock__Output } from './rosterd/v1/ReleaseLock.ts';
import type { ReleaseLockRequest as _rosterd_v1_ReleaseLockRequest, ReleaseLockRequest__Output as _rosterd_v1_ReleaseLockRequest__Output } from './rosterd/v1/ReleaseLockRequest.ts';
import type { RenewLock as _rosterd_v1_RenewLock, RenewLock__Output as _rosterd_v1_RenewLock__Output } from './rosterd/v1/RenewLock.ts';
import type { RenewLockRequest as _rosterd_v1_RenewLockRequest, RenewLockRequest__Output as _rosterd_v1_RenewLockRequest__Output } from './rosterd/v1/RenewLockRequest.ts';
import type { ResolveConflict as _rosterd_v1_ResolveConflict, ResolveConflict__Output as _rosterd_v1_ResolveConflict__Output } from './rosterd/v1/ResolveConflict.ts';
import type { ResolveConflictRequest as _rosterd_v1_ResolveConflictRequest, ResolveConflictRequest__Output as _rosterd_v1_ResolveConflictRequest__Output } from './rosterd/v1/ResolveConflictRequest.ts';
import type { RosterClient as _rosterd_v1_RosterClient, RosterDefinition as _rosterd_v1_RosterDefinition } from './rosterd/v1/Roster.ts';
import type { SetPools as _rosterd_v1_SetPools, SetPools__Output as _rosterd_v1_SetPools__Output } from './rosterd/v1/SetPools.ts';
import type { SetPoolsRequest as _rosterd_v1_SetPoolsRequest, SetPoolsRequest__Output as _rosterd_v1_SetPoolsRequest__Output } from './rosterd/v1/SetPoolsRequest.ts';
import type { Stamp as _rosterd_v1_Stamp, Stamp__Output as _rosterd_v1_Stamp__Output } from './rosterd/v1/Stamp.ts';
import type { SwapRequest as _rosterd_v1_SwapRequest, SwapRequest__Output as _rosterd_v1_SwapRequest__Output } from './rosterd/v1/SwapRequest.ts';
import type { UnassignRequest as _rosterd_v1_UnassignRequest, UnassignRequest__Output as _rosterd_v1_UnassignRequest__Output } from './rosterd/v1/UnassignRequest.ts';
import type { UncoverRequest as _rosterd_v1_UncoverRequest, UncoverRequest__Output as _rosterd_v1_UncoverRequest__Output } from './rosterd/v1/UncoverRequest.ts';
import type { WatchChange as _rosterd_v1_WatchChange, WatchChange__Output as _rosterd_v1_WatchChange__Output } from './rosterd/v1/WatchChange.ts';
import type { WatchEvent as _rosterd_v1_WatchEvent, WatchEvent__Output as _rosterd_v1_WatchEvent__Output } from './rosterd/v1/WatchEvent.ts';
import type { WatchProgress as _rosterd_v1_WatchProgress, WatchProgress__Output as _rosterd_v1_WatchProgress__Output } from './rosterd/v1/WatchProgress.ts';
import type { WatchRequest as _rosterd_v1_WatchRequest, WatchRequest__Output as _rosterd_v1_WatchRequest__Output } from './rosterd/v1/WatchRequest.ts';
import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from './rosterd/v1/WriteHeader.ts';
import type { WriteReply as _rosterd_v1_WriteReply, WriteReply__Output as _rosterd_v1_WriteReply__Output } from './rosterd/v1/WriteReply.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rosterd: {
    v1: {
      AcquireLock: MessageTypeDefinition<_rosterd_v1_AcquireLock, _rosterd_v1_AcquireLock__Output>
      AcquireLockRequest: MessageTypeDefinition<_rosterd_v1_AcquireLockRequest, _rosterd_v1_AcquireLockRequest__Output>
      AddBlockRequest: MessageTypeDefinition<_rosterd_v1_AddBlockRequest, _rosterd_v1_AddBlockRequest__Output>
      AddPersonRequest: MessageTypeDefinition<_rosterd_v1_AddPersonRequest, _rosterd_v1_AddPersonRequest__Output>
      AssignRequest: MessageTypeDefinition<_rosterd_v1_AssignRequest, _rosterd_v1_AssignRequest__Output>
      Assignment: MessageTypeDefinition<_rosterd_v1_Assignment, _rosterd_v1_Assignment__Output>
      AssignmentRef: MessageTypeDefinition<_rosterd_v1_AssignmentRef, _rosterd_v1_AssignmentRef__Output>
      Block: MessageTypeDefinition<_rosterd_v1_Block, _rosterd_v1_Block__Output>
      Command: MessageTypeDefinition<_rosterd_v1_Command, _rosterd_v1_Command__Output>
      ContingencyFinding: MessageTypeDefinition<_rosterd_v1_ContingencyFinding, _rosterd_v1_ContingencyFinding__Output>
      ContingencyReply: MessageTypeDefinition<_rosterd_v1_ContingencyReply, _rosterd_v1_ContingencyReply__Output>
      ContingencyRequest: MessageTypeDefinition<_rosterd_v1_ContingencyRequest, _rosterd_v1_ContingencyRequest__Output>
      CoverReply: MessageTypeDefinition<_rosterd_v1_CoverReply, _rosterd_v1_CoverReply__Output>
      CoverRequest: MessageTypeDefinition<_rosterd_v1_CoverRequest, _rosterd_v1_CoverRequest__Output>
      CoverageEntry: MessageTypeDefinition<_rosterd_v1_CoverageEntry, _rosterd_v1_CoverageEntry__Output>
      CoverageStatus: MessageTypeDefinition<_rosterd_v1_CoverageStatus, _rosterd_v1_CoverageStatus__Output>
      CoverageWrite: MessageTypeDefinition<_rosterd_v1_CoverageWrite, _rosterd_v1_CoverageWrite__Output>
      Exchange: MessageTypeDefinition<_rosterd_v1_Exchange, _rosterd_v1_Exchange__Output>
      GapCover: MessageTypeDefinition<_rosterd_v1_GapCover, _rosterd_v1_GapCover__Output>
      GetLocksReply: MessageTypeDefinition<_rosterd_v1_GetLocksReply, _rosterd_v1_GetLocksReply__Output>
      GetLocksRequest: MessageTypeDefinition<_rosterd_v1_GetLocksRequest, _rosterd_v1_GetLocksRequest__Output>
      GetPoolsReply: MessageTypeDefinition<_rosterd_v1_GetPoolsReply, _rosterd_v1_GetPoolsReply__Output>
      GetPoolsRequest: MessageTypeDefinition<_rosterd_v1_GetPoolsRequest, _rosterd_v1_GetPoolsRequest__Output>
      GetScheduleReply: MessageTypeDefinition<_rosterd_v1_GetScheduleReply, _rosterd_v1_GetScheduleReply__Output>
      GetScheduleRequest: MessageTypeDefinition<_rosterd_v1_GetScheduleRequest, _rosterd_v1_GetScheduleRequest__Output>
      ListBlocksReply: MessageTypeDefinition<_rosterd_v1_ListBlocksReply, _rosterd_v1_ListBlocksReply__Output>
      ListCoverageReply: MessageTypeDefinition<_rosterd_v1_ListCoverageReply, _rosterd_v1_ListCoverageReply__Output>
      ListCoverageRequest: MessageTypeDefinition<_rosterd_v1_ListCoverageRequest, _rosterd_v1_ListCoverageRequest__Output>
      ListPeopleReply: MessageTypeDefinition<_rosterd_v1_ListPeopleReply, _rosterd_v1_ListPeopleReply__Output>
      ListRequest: MessageTypeDefinition<_rosterd_v1_ListRequest, _rosterd_v1_ListRequest__Output>
      Lock: MessageTypeDefinition<_rosterd_v1_Lock, _rosterd_v1_Lock__Output>
      Move: MessageTypeDefinition<_rosterd_v1_Move, _rosterd_v1_Move__Output>
      MoveRequest: MessageTypeDefinition<_rosterd_v1_MoveRequest, _rosterd_v1_MoveRequest__Output>
      OperationClass: EnumTypeDefinition
      Person: MessageTypeDefinition<_rosterd_v1_Person, _rosterd_v1_Person__Output>
      PersonRole: EnumTypeDefinition
      PoolGap: MessageTypeDefinition<_rosterd_v1_PoolGap, _rosterd_v1_PoolGap__Output>
      PoolShortfall: MessageTypeDefinition<_rosterd_v1_PoolShortfall, _rosterd_v1_PoolShortfall__Output>
      PoolSpec: MessageTypeDefinition<_rosterd_v1_PoolSpec, _rosterd_v1_PoolSpec__Output>
      PoolUsage: MessageTypeDefinition<_rosterd_v1_PoolUsage, _rosterd_v1_PoolUsage__Output>
      ReadHeader: MessageTypeDefinition<_rosterd_v1_ReadHeader, _rosterd_v1_ReadHeader__Output>
      ReadOptions: MessageTypeDefinition<_rosterd_v1_ReadOptions, _rosterd_v1_ReadOptions__Output>
      Reconcile: MessageTypeDefinition<_rosterd_v1_Reconcile, _rosterd_v1_Reconcile__Output>
      ReleaseLock: MessageTypeDefinition<_rosterd_v1_ReleaseLock, _rosterd_v1_ReleaseLock__Output>
      ReleaseLockRequest: MessageTypeDefinition<_rosterd_v1_ReleaseLockRequest, _rosterd_v1_ReleaseLockRequest__Output>
      RenewLock: MessageTypeDefinition<_rosterd_v1_RenewLock, _rosterd_v1_RenewLock__Output>
      RenewLockRequest: MessageTypeDefinition<_rosterd_v1_RenewLockRequest, _rosterd_v1_RenewLockRequest__Output>
      ResolveConflict: MessageTypeDefinition<_rosterd_v1_ResolveConflict, _rosterd_v1_ResolveConflict__Output>
      ResolveConflictRequest: MessageTypeDefinition<_rosterd_v1_ResolveConflictRequest, _rosterd_v1_ResolveConflictRequest__Output>
      Roster: SubtypeConstructor<typeof grpc.Client, _rosterd_v1_RosterClient> & { service: _rosterd_v1_RosterDefinition }
      SetPools: MessageTypeDefinition<_rosterd_v1_SetPools, _rosterd_v1_SetPools__Output>
      SetPoolsRequest: MessageTypeDefinition<_rosterd_v1_SetPoolsRequest, _rosterd_v1_SetPoolsRequest__Output>
      Stamp: MessageTypeDefinition<_rosterd_v1_Stamp, _rosterd_v1_Stamp__Output>
      SwapRequest: MessageTypeDefinition<_rosterd_v1_SwapRequest, _rosterd_v1_SwapRequest__Output>
      UnassignRequest: MessageTypeDefinition<_rosterd_v1_UnassignRequest, _rosterd_v1_UnassignRequest__Output>
      UncoverRequest: MessageTypeDefinition<_rosterd_v1_UncoverRequest, _rosterd_v1_UncoverRequest__Output>
      WatchChange: MessageTypeDefinition<_rosterd_v1_WatchChange, _rosterd_v1_WatchChange__Output>
      WatchEvent: MessageTypeDefinition<_rosterd_v1_WatchEvent, _rosterd_v1_WatchEvent__Output>
      WatchProgress: MessageTypeDefinition<_rosterd_v1_WatchProgress, _rosterd_v1_WatchProgress__Output>
      WatchRequest: MessageTypeDefinition<_rosterd_v1_WatchRequest, _rosterd_v1_WatchRequest__Output>
      WriteHeader: MessageTypeDefinition<_rosterd_v1_WriteHeader, _rosterd_v1_WriteHeader__Output>
      WriteReply: MessageTypeDefinition<_rosterd_v1_WriteReply, _rosterd_v1_WriteReply__Output>
    }
  }
}

