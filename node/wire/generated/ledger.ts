import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CommitReply as _rosterd_ledger_v1_CommitReply, CommitReply__Output as _rosterd_ledger_v1_CommitReply__Output } from './rosterd/ledger/v1/CommitReply.ts';
import type { CommitRequest as _rosterd_ledger_v1_CommitRequest, CommitRequest__Output as _rosterd_ledger_v1_CommitRequest__Output } from './rosterd/ledger/v1/CommitRequest.ts';
import type { Dissent as _rosterd_ledger_v1_Dissent, Dissent__Output as _rosterd_ledger_v1_Dissent__Output } from './rosterd/ledger/v1/Dissent.ts';
import type { Divergence as _rosterd_ledger_v1_Divergence, Divergence__Output as _rosterd_ledger_v1_Divergence__Output } from './rosterd/ledger/v1/Divergence.ts';
import type { Evidence as _rosterd_ledger_v1_Evidence, Evidence__Output as _rosterd_ledger_v1_Evidence__Output } from './rosterd/ledger/v1/Evidence.ts';
import type { FacilityKey as _rosterd_ledger_v1_FacilityKey, FacilityKey__Output as _rosterd_ledger_v1_FacilityKey__Output } from './rosterd/ledger/v1/FacilityKey.ts';
import type { GetHeadReply as _rosterd_ledger_v1_GetHeadReply, GetHeadReply__Output as _rosterd_ledger_v1_GetHeadReply__Output } from './rosterd/ledger/v1/GetHeadReply.ts';
import type { GetHeadRequest as _rosterd_ledger_v1_GetHeadRequest, GetHeadRequest__Output as _rosterd_ledger_v1_GetHeadRequest__Output } from './rosterd/ledger/v1/GetHeadRequest.ts';
import type { GetLedgerReply as _rosterd_ledger_v1_GetLedgerReply, GetLedgerReply__Output as _rosterd_ledger_v1_GetLedgerReply__Output } from './rosterd/ledger/v1/GetLedgerReply.ts';
import type { GetLedgerRequest as _rosterd_ledger_v1_GetLedgerRequest, GetLedgerRequest__Output as _rosterd_ledger_v1_GetLedgerRequest__Output } from './rosterd/ledger/v1/GetLedgerRequest.ts';
import type { HeadPair as _rosterd_ledger_v1_HeadPair, HeadPair__Output as _rosterd_ledger_v1_HeadPair__Output } from './rosterd/ledger/v1/HeadPair.ts';
import type { LedgerClient as _rosterd_ledger_v1_LedgerClient, LedgerDefinition as _rosterd_ledger_v1_LedgerDefinition } from './rosterd/ledger/v1/Ledger.ts';
import type { LedgerAppend as _rosterd_ledger_v1_LedgerAppend, LedgerAppend__Output as _rosterd_ledger_v1_LedgerAppend__Output } from './rosterd/ledger/v1/LedgerAppend.ts';
import type { LedgerEntry as _rosterd_ledger_v1_LedgerEntry, LedgerEntry__Output as _rosterd_ledger_v1_LedgerEntry__Output } from './rosterd/ledger/v1/LedgerEntry.ts';
import type { ListEvidenceReply as _rosterd_ledger_v1_ListEvidenceReply, ListEvidenceReply__Output as _rosterd_ledger_v1_ListEvidenceReply__Output } from './rosterd/ledger/v1/ListEvidenceReply.ts';
import type { ListEvidenceRequest as _rosterd_ledger_v1_ListEvidenceRequest, ListEvidenceRequest__Output as _rosterd_ledger_v1_ListEvidenceRequest__Output } from './rosterd/ledger/v1/ListEvidenceRequest.ts';
import type { ListKeysReply as _rosterd_ledger_v1_ListKeysReply, ListKeysReply__Output as _rosterd_ledger_v1_ListKeysReply__Output } from './rosterd/ledger/v1/ListKeysReply.ts';
import type { ListKeysRequest as _rosterd_ledger_v1_ListKeysRequest, ListKeysRequest__Output as _rosterd_ledger_v1_ListKeysRequest__Output } from './rosterd/ledger/v1/ListKeysRequest.ts';
import type { LogPayload as _rosterd_ledger_v1_LogPayload, LogPayload__Output as _rosterd_ledger_v1_LogPayload__Output } from './rosterd/ledger/v1/LogPayload.ts';
import type { RegisterKey as _rosterd_ledger_v1_RegisterKey, RegisterKey__Output as _rosterd_ledger_v1_RegisterKey__Output } from './rosterd/ledger/v1/RegisterKey.ts';
import type { ReportEvidence as _rosterd_ledger_v1_ReportEvidence, ReportEvidence__Output as _rosterd_ledger_v1_ReportEvidence__Output } from './rosterd/ledger/v1/ReportEvidence.ts';
import type { ReportEvidenceReply as _rosterd_ledger_v1_ReportEvidenceReply, ReportEvidenceReply__Output as _rosterd_ledger_v1_ReportEvidenceReply__Output } from './rosterd/ledger/v1/ReportEvidenceReply.ts';
import type { SignedEntry as _rosterd_ledger_v1_SignedEntry, SignedEntry__Output as _rosterd_ledger_v1_SignedEntry__Output } from './rosterd/ledger/v1/SignedEntry.ts';
import type { SignedHead as _rosterd_ledger_v1_SignedHead, SignedHead__Output as _rosterd_ledger_v1_SignedHead__Output } from './rosterd/ledger/v1/SignedHead.ts';
import type { SplitView as _rosterd_ledger_v1_SplitView, SplitView__Output as _rosterd_ledger_v1_SplitView__Output } from './rosterd/ledger/v1/SplitView.ts';
import type { Vote as _rosterd_ledger_v1_Vote, Vote__Output as _rosterd_ledger_v1_Vote__Output } from './rosterd/ledger/v1/Vote.ts';
import type { VotePair as _rosterd_ledger_v1_VotePair, VotePair__Output as _rosterd_ledger_v1_VotePair__Output } from './rosterd/ledger/v1/VotePair.ts';
import type { VoteReply as _rosterd_ledger_v1_VoteReply, VoteReply__Output as _rosterd_ledger_v1_VoteReply__Output } from './rosterd/ledger/v1/VoteReply.ts';
import type { VoteRequest as _rosterd_ledger_v1_VoteRequest, VoteRequest__Output as _rosterd_ledger_v1_VoteRequest__Output } from './rosterd/ledger/v1/VoteRequest.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rosterd: {
    ledger: {
      v1: {
        CommitReply: MessageTypeDefinition<_rosterd_ledger_v1_CommitReply, _rosterd_ledger_v1_CommitReply__Output>
        CommitRequest: MessageTypeDefinition<_rosterd_ledger_v1_CommitRequest, _rosterd_ledger_v1_CommitRequest__Output>
        Dissent: MessageTypeDefinition<_rosterd_ledger_v1_Dissent, _rosterd_ledger_v1_Dissent__Output>
        Divergence: MessageTypeDefinition<_rosterd_ledger_v1_Divergence, _rosterd_ledger_v1_Divergence__Output>
        Evidence: MessageTypeDefinition<_rosterd_ledger_v1_Evidence, _rosterd_ledger_v1_Evidence__Output>
        FacilityKey: MessageTypeDefinition<_rosterd_ledger_v1_FacilityKey, _rosterd_ledger_v1_FacilityKey__Output>
        GetHeadReply: MessageTypeDefinition<_rosterd_ledger_v1_GetHeadReply, _rosterd_ledger_v1_GetHeadReply__Output>
        GetHeadRequest: MessageTypeDefinition<_rosterd_ledger_v1_GetHeadRequest, _rosterd_ledger_v1_GetHeadRequest__Output>
        GetLedgerReply: MessageTypeDefinition<_rosterd_ledger_v1_GetLedgerReply, _rosterd_ledger_v1_GetLedgerReply__Output>
        GetLedgerRequest: MessageTypeDefinition<_rosterd_ledger_v1_GetLedgerRequest, _rosterd_ledger_v1_GetLedgerRequest__Output>
        HeadPair: MessageTypeDefinition<_rosterd_ledger_v1_HeadPair, _rosterd_ledger_v1_HeadPair__Output>
        Ledger: SubtypeConstructor<typeof grpc.Client, _rosterd_ledger_v1_LedgerClient> & { service: _rosterd_ledger_v1_LedgerDefinition }
        LedgerAppend: MessageTypeDefinition<_rosterd_ledger_v1_LedgerAppend, _rosterd_ledger_v1_LedgerAppend__Output>
        LedgerEntry: MessageTypeDefinition<_rosterd_ledger_v1_LedgerEntry, _rosterd_ledger_v1_LedgerEntry__Output>
        ListEvidenceReply: MessageTypeDefinition<_rosterd_ledger_v1_ListEvidenceReply, _rosterd_ledger_v1_ListEvidenceReply__Output>
        ListEvidenceRequest: MessageTypeDefinition<_rosterd_ledger_v1_ListEvidenceRequest, _rosterd_ledger_v1_ListEvidenceRequest__Output>
        ListKeysReply: MessageTypeDefinition<_rosterd_ledger_v1_ListKeysReply, _rosterd_ledger_v1_ListKeysReply__Output>
        ListKeysRequest: MessageTypeDefinition<_rosterd_ledger_v1_ListKeysRequest, _rosterd_ledger_v1_ListKeysRequest__Output>
        LogPayload: MessageTypeDefinition<_rosterd_ledger_v1_LogPayload, _rosterd_ledger_v1_LogPayload__Output>
        RegisterKey: MessageTypeDefinition<_rosterd_ledger_v1_RegisterKey, _rosterd_ledger_v1_RegisterKey__Output>
        ReportEvidence: MessageTypeDefinition<_rosterd_ledger_v1_ReportEvidence, _rosterd_ledger_v1_ReportEvidence__Output>
        ReportEvidenceReply: MessageTypeDefinition<_rosterd_ledger_v1_ReportEvidenceReply, _rosterd_ledger_v1_ReportEvidenceReply__Output>
        SignedEntry: MessageTypeDefinition<_rosterd_ledger_v1_SignedEntry, _rosterd_ledger_v1_SignedEntry__Output>
        SignedHead: MessageTypeDefinition<_rosterd_ledger_v1_SignedHead, _rosterd_ledger_v1_SignedHead__Output>
        SplitView: MessageTypeDefinition<_rosterd_ledger_v1_SplitView, _rosterd_ledger_v1_SplitView__Output>
        Vote: MessageTypeDefinition<_rosterd_ledger_v1_Vote, _rosterd_ledger_v1_Vote__Output>
        VotePair: MessageTypeDefinition<_rosterd_ledger_v1_VotePair, _rosterd_ledger_v1_VotePair__Output>
        VoteReply: MessageTypeDefinition<_rosterd_ledger_v1_VoteReply, _rosterd_ledger_v1_VoteReply__Output>
        VoteRequest: MessageTypeDefinition<_rosterd_ledger_v1_VoteRequest, _rosterd_ledger_v1_VoteRequest__Output>
      }
    }
  }
}

