// Original file: proto/roster.proto

import type { WatchChange as _rosterd_v1_WatchChange, WatchChange__Output as _rosterd_v1_WatchChange__Output } from '../../rosterd/v1/WatchChange.ts';
import type { WatchProgress as _rosterd_v1_WatchProgress, WatchProgress__Output as _rosterd_v1_WatchProgress__Output } from '../../rosterd/v1/WatchProgress.ts';

export interface WatchEvent {
  'change'?: (_rosterd_v1_WatchChange | null);
  'progress'?: (_rosterd_v1_WatchProgress | null);
  'event'?: "change"|"progress";
}

export interface WatchEvent__Output {
  'change'?: (_rosterd_v1_WatchChange__Output | null);
  'progress'?: (_rosterd_v1_WatchProgress__Output | null);
  'event'?: "change"|"progress";
}
