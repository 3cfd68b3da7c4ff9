// Original file: proto/roster.proto

import type { OperationClass as _rosterd_v1_OperationClass, OperationClass__Output as _rosterd_v1_OperationClass__Output } from '../../rosterd/v1/OperationClass.ts';

export interface WriteHeader {
  'requestId'?: (string);
  'operationClass'?: (_rosterd_v1_OperationClass);
}

export interface WriteHeader__Output {
  'requestId': (string);
  'operationClass': (_rosterd_v1_OperationClass__Output);
}
