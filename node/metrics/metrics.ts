import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds: 100 µs to 5 s, dense where a LAN commit should land. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The Prometheus metrics of one node, in a registry of its own (so several nodes in one
 * process, as in tests, never share counters). Names follow Prometheus conventions:
 * `rosterd_` prefix, `_total` counters, base units in the name (`_seconds`, `_bytes`).
 */
export class NodeMetrics {
  readonly registry = new Registry();

  readonly hasLeader = new Gauge({ name: 'rosterd_has_leader', help: '1 when this node knows a leader, else 0', registers: [this.registry] });
  readonly isLeader = new Gauge({ name: 'rosterd_is_leader', help: '1 when this node is the leader', registers: [this.registry] });
  readonly leaderChanges = new Counter({ name: 'rosterd_leader_changes_total', help: 'Leader changes seen by this node', registers: [this.registry] });
  readonly term = new Gauge({ name: 'rosterd_raft_term', help: 'Current Raft term', registers: [this.registry] });
  readonly commitIndex = new Gauge({ name: 'rosterd_raft_commit_index', help: 'Highest committed log index', registers: [this.registry] });
  readonly appliedIndex = new Gauge({ name: 'rosterd_raft_applied_index', help: 'Highest applied log index', registers: [this.registry] });
  readonly proposalsCommitted = new Counter({ name: 'rosterd_proposals_committed_total', help: 'Proposals committed and applied', registers: [this.registry] });
  readonly proposalsFailed = new Counter({
    name: 'rosterd_proposals_failed_total',
    help: 'Proposals that did not commit, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly proposalsPending = new Gauge({ name: 'rosterd_proposals_pending', help: 'Proposals waiting for commit', registers: [this.registry] });
  readonly proposalSeconds = new Histogram({
    name: 'rosterd_proposal_commit_seconds',
    help: 'Time from proposal to commit and apply on this node',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly storageWriteSeconds = new Histogram({
    name: 'rosterd_storage_batch_write_seconds',
    help: 'LevelDB batch write duration (including fsync when synced)',
    labelNames: ['synced'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly appendBatchEntries = new Histogram({
    name: 'rosterd_append_entries_batch_size',
    help: 'Entries per AppendEntries message sent',
    buckets: [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096],
    registers: [this.registry],
  });
  readonly peerRttSeconds = new Histogram({
    name: 'rosterd_peer_rtt_seconds',
    help: 'Heartbeat round trip to each peer',
    labelNames: ['peer'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly backpressureRejections = new Counter({
    name: 'rosterd_backpressure_rejections_total',
    help: 'Writes refused with RESOURCE_EXHAUSTED',
    registers: [this.registry],
  });
  readonly forwardedRefused = new Counter({
    name: 'rosterd_forwarded_refused_total',
    help: 'Proposals forwarded by a peer and refused before the log: unsigned, signed by another facility, or a signature that does not verify',
    labelNames: ['peer'] as const,
    registers: [this.registry],
  });
  readonly grpcRequests = new Counter({
    name: 'rosterd_grpc_requests_total',
    help: 'Client gRPC requests by method and status code',
    labelNames: ['method', 'code'] as const,
    registers: [this.registry],
  });
  readonly partitionState = new Gauge({
    name: 'rosterd_partition_state',
    help: '1 for the current partition state (connected, majority, minority), 0 for the others',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly journalWrites = new Gauge({ name: 'rosterd_emergency_journal_writes', help: 'Emergency writes journaled here and not yet in the log', registers: [this.registry] });
  readonly journalAgeSeconds = new Gauge({
    name: 'rosterd_emergency_journal_age_seconds',
    help: 'Age of the oldest journaled emergency write (0 when the journal is empty)',
    registers: [this.registry],
  });
  readonly reconciliationRuns = new Counter({ name: 'rosterd_reconciliation_runs_total', help: 'Submissions of the emergency journal to the log', registers: [this.registry] });
  readonly reconciledWrites = new Counter({
    name: 'rosterd_reconciled_writes_total',
    help: 'Changes of status of emergency writes caused by this node\'s journal submissions',
    registers: [this.registry],
  });
  readonly healSeconds = new Histogram({
    name: 'rosterd_heal_to_reconciled_seconds',
    help: 'Time from a quorum being reachable again to the journal being reconciled into the log',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly coverageConflicts = new Gauge({ name: 'rosterd_coverage_conflicts', help: 'Emergency writes in conflict, waiting for a coordinator', registers: [this.registry] });
  readonly partitionRefusals = new Counter({
    name: 'rosterd_partition_refusals_total',
    help: 'Requests refused at once because this node is in a minority partition',
    labelNames: ['class'] as const,
    registers: [this.registry],
  });
  readonly journaledWrites = new Counter({ name: 'rosterd_journaled_writes_total', help: 'Emergency writes acknowledged from the local journal', registers: [this.registry] });
  readonly commitments = new Counter({
    name: 'rosterd_commitments_total',
    help: 'Schedule commitments coordinated by this node: appended to the ledger, or found committed already',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly commitSeconds = new Histogram({
    name: 'rosterd_commitment_seconds',
    help: 'Time to commit a block on this node: read, votes from a quorum of facilities, the ledger entry applied',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly ledgerEntries = new Gauge({ name: 'rosterd_ledger_entries', help: 'Entries in the ledger (its head sequence)', registers: [this.registry] });
  readonly evidence = new Gauge({ name: 'rosterd_ledger_evidence', help: 'Evidence records against facilities that signed contradictory statements', registers: [this.registry] });
  readonly splitViews = new Gauge({ name: 'rosterd_ledger_split_views', help: 'Facilities whose signed ledger head contradicts this node\'s ledger', registers: [this.registry] });
  readonly divergences = new Gauge({
    name: 'rosterd_ledger_divergences',
    help: 'Committed blocks whose digest differs from this node\'s own state of them (its state may be corrupt)',
    registers: [this.registry],
  });
  readonly snapshots = new Counter({ name: 'rosterd_snapshots_total', help: 'Snapshots taken or installed', labelNames: ['origin'] as const, registers: [this.registry] });
  readonly logEntries = new Gauge({ name: 'rosterd_raft_log_entries', help: 'Entries retained in the log (last - first + 1)', registers: [this.registry] });

  constructor(facility: string) {
    this.registry.setDefaultLabels({ facility });
    collectDefaultMetrics({ register: this.registry, prefix: 'rosterd_' });
  }
}
