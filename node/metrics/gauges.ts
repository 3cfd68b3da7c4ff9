import type { Clock } from '../clock/clock.ts';
import type { PartitionView } from '../modes/partition-detector.ts';
import { NONE, type Status } from '../raft/types.ts';
import type { NodeMetrics } from './metrics.ts';

/** What the gauges read from a node: the replica's inspection methods. */
export interface GaugeSource {
  status(): Status;
  pendingProposals(): number;
  partition(): PartitionView;
  /** Emergency writes in conflict in the applied state. */
  conflicts(): number;
  /** The ledger: entries, evidence records, split views and divergences noticed here. */
  ledger?(): { entries: number; evidence: number; splitViews: number; divergences: number };
}

/** How often the gauges are refreshed. */
export const GAUGE_INTERVAL_MS = 1000;

/** Refreshes a node's gauges (leader, term, indexes, queue, partition state) every GAUGE_INTERVAL_MS; returns the stop function. */
export function trackGauges(source: GaugeSource, m: NodeMetrics, clock: Clock): () => void {
  const update = (): void => {
    const st = source.status();
    m.hasLeader.set(st.leader === NONE ? 0 : 1);
    m.isLeader.set(st.role === 'leader' ? 1 : 0);
    m.term.set(st.term);
    m.commitIndex.set(st.commit);
    m.appliedIndex.set(st.applied);
    m.proposalsPending.set(source.pendingProposals());
    m.logEntries.set(st.lastIndex - st.firstIndex + 1);
    m.coverageConflicts.set(source.conflicts());
    const ledger = source.ledger?.();
    if (ledger) {
      m.ledgerEntries.set(ledger.entries);
      m.evidence.set(ledger.evidence);
      m.splitViews.set(ledger.splitViews);
      m.divergences.set(ledger.divergences);
    }
    const ps = source.partition().state;
    for (const s of ['connected', 'majority', 'minority'] as const) m.partitionState.set({ state: s }, s === ps ? 1 : 0);
  };
  update();
  return clock.every(GAUGE_INTERVAL_MS, update);
}
