// Original file: proto/ledger.proto

import type { RegisterKey as _rosterd_ledger_v1_RegisterKey, RegisterKey__Output as _rosterd_ledger_v1_RegisterKey__Output } from '../../../rosterd/ledger/v1/RegisterKey.ts';
import type { LedgerAppend as _rosterd_ledger_v1_LedgerAppend, LedgerAppend__Output as _rosterd_ledger_v1_LedgerAppend__Output } from '../../../rosterd/ledger/v1/LedgerAppend.ts';
import type { ReportEvidence as _rosterd_ledger_v1_ReportEvidence, ReportEvidence__Output as _rosterd_ledger_v1_ReportEvidence__Output } from '../../../rosterd/ledger/v1/ReportEvidence.ts';

export interface LogPayload {
  /**
   * A schedule command: rosterd.v1.Command bytes (roster.proto).
   */
  'scheduleCommand'?: (Buffer | Uint8Array | string);
  'registerKey'?: (_rosterd_ledger_v1_RegisterKey | null);
  'ledgerAppend'?: (_rosterd_ledger_v1_LedgerAppend | null);
  'reportEvidence'?: (_rosterd_ledger_v1_ReportEvidence | null);
  'kind'?: "scheduleCommand"|"registerKey"|"ledgerAppend"|"reportEvidence";
}

export interface LogPayload__Output {
  /**
   * A schedule command: rosterd.v1.Command bytes (roster.proto).
   */
  'scheduleCommand'?: (Buffer);
  'registerKey'?: (_rosterd_ledger_v1_RegisterKey__Output | null);
  'ledgerAppend'?: (_rosterd_ledger_v1_LedgerAppend__Output | null);
  'reportEvidence'?: (_rosterd_ledger_v1_ReportEvidence__Output | null);
  'kind'?: "scheduleCommand"|"registerKey"|"ledgerAppend"|"reportEvidence";
}
