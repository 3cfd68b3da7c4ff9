import type { LogStorage } from './storage.ts';
import type { RandomSource } from './rand.ts';
import type { NodeId } from './types.ts';

/** Tunables of one Raft core. Time is counted in ticks; the driver decides a tick's length. */
export interface RaftConfig {
  readonly id: NodeId;
  readonly storage: LogStorage;
  readonly random: RandomSource;
  /**
   * Ticks without hearing from a leader before a follower starts a (pre-)election.
   * The actual timeout is drawn from [electionTicks, 2*electionTicks) (Raft §5.2).
   * Also the check-quorum period of a leader. Default 10.
   */
  readonly electionTicks?: number;
  /** Ticks between leader heartbeats; must be < electionTicks. Default 1. */
  readonly heartbeatTicks?: number;
  /** The last index the state machine already applied (restart). Default: the snapshot index. */
  readonly applied?: number;
  /** Bound on the entry bytes of one AppendEntries (at least one entry is always sent). Default 1 MiB. */
  readonly maxMessageBytes?: number;
  /** AppendEntries in flight per follower in the replicate state (pipelining window). Default 256. */
  readonly maxInflightMessages?: number;
  /** Bytes of unapplied uncommitted entries a leader accepts before refusing proposals. Default 64 MiB. */
  readonly maxUncommittedBytes?: number;
  /**
   * Bound on the bytes of committed entries one Ready hands out (at least one entry), so
   * a long backlog (a restart replaying its log) is applied in steps the driver can
   * interleave with other work. Default 1 MiB.
   */
  readonly maxCommittedBytesPerReady?: number;
  /** Snapshot bytes per InstallSnapshot chunk. Default 1 MiB. */
  readonly snapshotChunkBytes?: number;
  /** Run the pre-vote phase before a real election (thesis §9.6). Default true. */
  readonly preVote?: boolean;
  /** A leader steps down if it has not heard from a quorum within an election timeout. Default true. */
  readonly checkQuorum?: boolean;
  /** A learner may be promoted only once its match index is within this many entries of the leader's last index. Default 64. */
  readonly maxPromoteLagEntries?: number;
}

/** RaftConfig with every default filled in; built once, frozen. */
export type ResolvedRaftConfig = Required<RaftConfig>;

export const DEFAULT_ELECTION_TICKS = 10;
export const DEFAULT_HEARTBEAT_TICKS = 1;
export const DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
export const DEFAULT_MAX_INFLIGHT_MESSAGES = 256;
export const DEFAULT_MAX_UNCOMMITTED_BYTES = 64 << 20;
export const DEFAULT_SNAPSHOT_CHUNK_BYTES = 1 << 20;
export const DEFAULT_MAX_COMMITTED_BYTES_PER_READY = 1 << 20;
export const DEFAULT_MAX_PROMOTE_LAG_ENTRIES = 64;

/** Fills in defaults and rejects impossible settings with a message naming the field. */
export function resolveConfig(c: RaftConfig): ResolvedRaftConfig {
  const r: ResolvedRaftConfig = {
    id: c.id,
    storage: c.storage,
    random: c.random,
    electionTicks: c.electionTicks ?? DEFAULT_ELECTION_TICKS,
    heartbeatTicks: c.heartbeatTicks ?? DEFAULT_HEARTBEAT_TICKS,
    applied: c.applied ?? c.storage.snapshot().meta.index,
    maxMessageBytes: c.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    maxInflightMessages: c.maxInflightMessages ?? DEFAULT_MAX_INFLIGHT_MESSAGES,
    maxUncommittedBytes: c.maxUncommittedBytes ?? DEFAULT_MAX_UNCOMMITTED_BYTES,
    maxCommittedBytesPerReady: c.maxCommittedBytesPerReady ?? DEFAULT_MAX_COMMITTED_BYTES_PER_READY,
    snapshotChunkBytes: c.snapshotChunkBytes ?? DEFAULT_SNAPSHOT_CHUNK_BYTES,
    preVote: c.preVote ?? true,
    checkQuorum: c.checkQuorum ?? true,
    maxPromoteLagEntries: c.maxPromoteLagEntries ?? DEFAULT_MAX_PROMOTE_LAG_ENTRIES,
  };
  if (r.id === '') throw new RangeError('raft config: id must not be empty');
  if (!(r.heartbeatTicks >= 1)) throw new RangeError('raft config: heartbeatTicks must be >= 1');
  if (!(r.electionTicks > r.heartbeatTicks)) throw new RangeError('raft config: electionTicks must be > heartbeatTicks');
  if (!(r.maxInflightMessages >= 1)) throw new RangeError('raft config: maxInflightMessages must be >= 1');
  if (!(r.maxCommittedBytesPerReady >= 1)) throw new RangeError('raft config: maxCommittedBytesPerReady must be >= 1');
  if (!(r.snapshotChunkBytes >= 1)) throw new RangeError('raft config: snapshotChunkBytes must be >= 1');
  return Object.freeze(r);
}
