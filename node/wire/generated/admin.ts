import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddMemberRequest as _rosterd_admin_v1_AddMemberRequest, AddMemberRequest__Output as _rosterd_admin_v1_AddMemberRequest__Output } from './rosterd/admin/v1/AddMemberRequest.ts';
import type { AdminClient as _rosterd_admin_v1_AdminClient, AdminDefinition as _rosterd_admin_v1_AdminDefinition } from './rosterd/admin/v1/Admin.ts';
import type { Member as _rosterd_admin_v1_Member, Member__Output as _rosterd_admin_v1_Member__Output } from './rosterd/admin/v1/Member.ts';
import type { MemberRequest as _rosterd_admin_v1_MemberRequest, MemberRequest__Output as _rosterd_admin_v1_MemberRequest__Output } from './rosterd/admin/v1/MemberRequest.ts';
import type { MembersReply as _rosterd_admin_v1_MembersReply, MembersReply__Output as _rosterd_admin_v1_MembersReply__Output } from './rosterd/admin/v1/MembersReply.ts';
import type { MembersRequest as _rosterd_admin_v1_MembersRequest, MembersRequest__Output as _rosterd_admin_v1_MembersRequest__Output } from './rosterd/admin/v1/MembersRequest.ts';
import type { NodeStatus as _rosterd_admin_v1_NodeStatus, NodeStatus__Output as _rosterd_admin_v1_NodeStatus__Output } from './rosterd/admin/v1/NodeStatus.ts';
import type { PeerLink as _rosterd_admin_v1_PeerLink, PeerLink__Output as _rosterd_admin_v1_PeerLink__Output } from './rosterd/admin/v1/PeerLink.ts';
import type { SetIsolationRequest as _rosterd_admin_v1_SetIsolationRequest, SetIsolationRequest__Output as _rosterd_admin_v1_SetIsolationRequest__Output } from './rosterd/admin/v1/SetIsolationRequest.ts';
import type { SnapshotReply as _rosterd_admin_v1_SnapshotReply, SnapshotReply__Output as _rosterd_admin_v1_SnapshotReply__Output } from './rosterd/admin/v1/SnapshotReply.ts';
import type { SnapshotRequest as _rosterd_admin_v1_SnapshotRequest, SnapshotRequest__Output as _rosterd_admin_v1_SnapshotRequest__Output } from './rosterd/admin/v1/SnapshotRequest.ts';
import type { StatusRequest as _rosterd_admin_v1_StatusRequest, StatusRequest__Output as _rosterd_admin_v1_StatusRequest__Output } from './rosterd/admin/v1/StatusRequest.ts';
import type { TransferLeaderReply as _rosterd_admin_v1_TransferLeaderReply, TransferLeaderReply__Output as _rosterd_admin_v1_TransferLeaderReply__Output } from './rosterd/admin/v1/TransferLeaderReply.ts';
import type { TransferLeaderRequest as _rosterd_admin_v1_TransferLeaderRequest, TransferLeaderRequest__Output as _rosterd_admin_v1_TransferLeaderRequest__Output } from './rosterd/admin/v1/TransferLeaderRequest.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rosterd: {
    admin: {
      v1: {
        AddMemberRequest: MessageTypeDefinition<_rosterd_admin_v1_AddMemberRequest, _rosterd_admin_v1_AddMemberRequest__Output>
        Admin: SubtypeConstructor<typeof grpc.Client, _rosterd_admin_v1_AdminClient> & { service: _rosterd_admin_v1_AdminDefinition }
        Member: MessageTypeDefinition<_rosterd_admin_v1_Member, _rosterd_admin_v1_Member__Output>
        MemberRequest: MessageTypeDefinition<_rosterd_admin_v1_MemberRequest, _rosterd_admin_v1_MemberRequest__Output>
        MembersReply: MessageTypeDefinition<_rosterd_admin_v1_MembersReply, _rosterd_admin_v1_MembersReply__Output>
        MembersRequest: MessageTypeDefinition<_rosterd_admin_v1_MembersRequest, _rosterd_admin_v1_MembersRequest__Output>
        NodeStatus: MessageTypeDefinition<_rosterd_admin_v1_NodeStatus, _rosterd_admin_v1_NodeStatus__Output>
        PeerLink: MessageTypeDefinition<_rosterd_admin_v1_PeerLink, _rosterd_admin_v1_PeerLink__Output>
        SetIsolationRequest: MessageTypeDefinition<_rosterd_admin_v1_SetIsolationRequest, _rosterd_admin_v1_SetIsolationRequest__Output>
        SnapshotReply: MessageTypeDefinition<_rosterd_admin_v1_SnapshotReply, _rosterd_admin_v1_SnapshotReply__Output>
        SnapshotRequest: MessageTypeDefinition<_rosterd_admin_v1_SnapshotRequest, _rosterd_admin_v1_SnapshotRequest__Output>
        StatusRequest: MessageTypeDefinition<_rosterd_admin_v1_StatusRequest, _rosterd_admin_v1_StatusRequest__Output>
        TransferLeaderReply: MessageTypeDefinition<_rosterd_admin_v1_TransferLeaderReply, _rosterd_admin_v1_TransferLeaderReply__Output>
        TransferLeaderRequest: MessageTypeDefinition<_rosterd_admin_v1_TransferLeaderRequest, _rosterd_admin_v1_TransferLeaderRequest__Output>
      }
    }
  }
}

