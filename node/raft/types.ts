/**
 * Wire-independent types of the Raft core: log entries, persistent state, snapshots,
 * peer messages and the Ready batch handed to the driver.
 *
 * Node ids are facility ids (short strings). Indexes and terms are plain numbers:
 * 2^53 entries is beyond any cluster's lifetime.
 */

export type NodeId = string;

/** The id used where no node is meant (no vote cast, no leader known). */
export const NONE: NodeId = '';

/** A membership change; one at a time, applied when its entry is applied (etcd style). */
export type ConfChange =
  /**
   * `address` and `key` are opaque to the core: the driver uses the address to reach the
   * new member, and the replicated state registers the key as the member's identity.
   */
  | { readonly kind: 'addLearner'; readonly node: NodeId; readonly address?: string; readonly key?: string }
  | { readonly kind: 'promote'; readonly node: NodeId }
  | { readonly kind: 'remove'; readonly node: NodeId };

/** A log entry. `normal` with empty data is the no-op a new leader appends (Raft §8). */
export type Entry =
  | { readonly type: 'normal'; readonly term: number; readonly index: number; readonly data: Uint8Array }
  | { readonly type: 'conf'; readonly term: number; readonly index: number; readonly change: ConfChange };

/** Voters decide elections and commitment; learners only receive the log. */
export interface ConfState {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
}

/** State that must be durable before any message that depends on it is sent (Raft Figure 2). */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId;
  readonly commit: number;
}

export interface SnapshotMeta {
  readonly index: number;
  readonly term: number;
  readonly conf: ConfState;
}

/** A state-machine image covering every entry up to and including meta.index. */
export interface Snapshot {
  readonly meta: SnapshotMeta;
  readonly data: Uint8Array;
}

/** The role a node plays; `preCandidate` is the pre-vote phase (Raft thesis §9.6). */
export type Role = 'follower' | 'preCandidate' | 'candidate' | 'leader';

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
}

/**
 * Messages between cores. Local inputs (tick, propose, readIndex, ...) are methods on
 * the core, never messages, so this union is exactly what crosses the network.
 */
export type Message =
  /** AppendEntries (Raft §5.3): entries follow (index, logTerm). Empty = heartbeat-like probe. */
  | (Envelope & {
      readonly type: 'app';
      readonly index: number;
      readonly logTerm: number;
      readonly entries: readonly Entry[];
      readonly commit: number;
    })
  /**
   * Answer to `app` or a finished snapshot. On success `index` is the last index the
   * follower now holds durably. On reject `index` is the rejected prev index and
   * (hintIndex, hintTerm) let the leader skip a whole conflicting term (fast back-off).
   */
  | (Envelope & {
      readonly type: 'appResp';
      readonly index: number;
      readonly reject: boolean;
      readonly hintIndex: number;
      readonly hintTerm: number;
    })
  | (Envelope & { readonly type: 'heartbeat'; readonly commit: number; readonly context: string })
  | (Envelope & { readonly type: 'heartbeatResp'; readonly context: string })
  /** RequestVote / PreVote (thesis §9.6); `term` of a pre-vote is the term it would use. */
  | (Envelope & {
      readonly type: 'vote' | 'preVote';
      readonly index: number;
      readonly logTerm: number;
      /** Set by leadership transfer: bypasses the leader-lease check (thesis §3.10). */
      readonly transfer: boolean;
    })
  | (Envelope & { readonly type: 'voteResp' | 'preVoteResp'; readonly reject: boolean })
  /** InstallSnapshot chunk (Raft Figure 13): bytes [offset, offset + data.length) of the image. */
  | (Envelope & {
      readonly type: 'snap';
      readonly meta: SnapshotMeta;
      readonly offset: number;
      readonly totalBytes: number;
      readonly data: Uint8Array;
      readonly done: boolean;
    })
  /**
   * Chunk acknowledgement: the follower holds `offset` bytes of the image of `index`.
   * `reject`: the chunk did not start at `offset` (lost or duplicated); resend from there.
   */
  | (Envelope & { readonly type: 'snapResp'; readonly index: number; readonly offset: number; readonly reject: boolean })
  | (Envelope & { readonly type: 'timeoutNow' })
  /** A follower asks the leader for a read index on behalf of its client. */
  | (Envelope & { readonly type: 'readIndex'; readonly context: string })
  /**
   * A proposal forwarded by a follower to the leader it knows (etcd's MsgProp). It is
   * outside the term rules (sent with term 0): the leader of whatever term receives it
   * appends `data` as its own proposal, anyone else drops it. The forwarder learns the
   * outcome only from the log, so what it forwards must be safe to forward again.
   */
  | (Envelope & { readonly type: 'prop'; readonly data: Uint8Array })
  | (Envelope & { readonly type: 'readIndexResp'; readonly index: number; readonly context: string; readonly reject: boolean });

export type MessageType = Message['type'];

/** A linearizable read may be served once the local applied index reaches `index`. */
export interface ReadState {
  readonly index: number;
  readonly context: string;
}

/** A read request that can no longer be answered here (leader lost, no leader known). */
export interface ReadFailure {
  readonly context: string;
  readonly leader: NodeId;
}

/** Volatile state worth reporting; changes are surfaced in Ready.softState. */
export interface SoftState {
  readonly leader: NodeId;
  readonly role: Role;
}

/**
 * What the driver must do now, in this order (DESIGN.md "a pure core"):
 *  1. start persisting `snapshot`, `entries` (replacing any stored suffix from the
 *     first entry's index on) and `hardState` in ONE synced write;
 *  2. meanwhile send `messages` (leader replication, safe before the local write:
 *     Raft thesis §10.2.1);
 *  3. once the write is durable, send `persistedMessages` (votes, acknowledgements:
 *     they promise durability);
 *  4. apply `snapshot` (if any) then `committedEntries` to the state machine;
 *  5. call advance(ready).
 */
export interface Ready {
  readonly softState?: SoftState;
  readonly hardState?: HardState;
  readonly snapshot?: Snapshot;
  readonly entries: readonly Entry[];
  readonly committedEntries: readonly Entry[];
  readonly messages: readonly Message[];
  readonly persistedMessages: readonly Message[];
  readonly readStates: readonly ReadState[];
  readonly readFailures: readonly ReadFailure[];
}

/** Why a proposal was not appended. */
export type ProposalRefusal =
  | { readonly reason: 'notLeader'; readonly leader: NodeId }
  | { readonly reason: 'transferring'; readonly leader: NodeId; readonly transferee: NodeId }
  | { readonly reason: 'confChangePending'; readonly pendingIndex: number }
  | { readonly reason: 'invalidConfChange'; readonly detail: string }
  /** Backpressure: too many uncommitted bytes already; retry once the log catches up. */
  | { readonly reason: 'overloaded'; readonly uncommittedBytes: number; readonly limit: number };

/**
 * The result of a proposal: where it was appended, or why not. An appended proposal is
 * committed iff the entry found committed at `index` has the same `term`.
 */
export type ProposeResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | ({ readonly ok: false } & ProposalRefusal);

export type ReadIndexResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'notLeader'; readonly leader: NodeId };

/**
 * The result of forward(): appended here (this node leads), sent to the leader, or
 * refused (no leader known, or this leader refuses proposals now).
 */
export type ForwardResult = ProposeResult | { readonly ok: true; readonly forwardedTo: NodeId };

export type TransferResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'notLeader'; readonly leader: NodeId }
  | { readonly ok: false; readonly reason: 'invalidTarget'; readonly detail: string };

/** Progress of a follower as seen by the leader (Raft thesis §3.5, etcd's tracker). */
export type ProgressState = 'probe' | 'replicate' | 'snapshot';

export interface PeerStatus {
  readonly id: NodeId;
  readonly match: number;
  readonly next: number;
  readonly state: ProgressState;
  readonly learner: boolean;
  readonly recentActive: boolean;
}

/** A read-only view of a core for status endpoints and tests. */
export interface Status {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId;
  readonly leader: NodeId;
  readonly commit: number;
  readonly applied: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly conf: ConfState;
  /** Only on the leader: one entry per other member. */
  readonly progress: readonly PeerStatus[];
  readonly leadTransferee: NodeId;
}
