/**
 * node/healing — what keeps emergency coverage available through a partition and
 * brings it back: the hybrid logical clock that stamps emergency writes, the node's
 * emergency journal (writes accepted without a quorum, durable before they are
 * acknowledged, checked against the local view), and the healer that takes the journal
 * into the replicated log once a quorum is reachable again. The rules that reconcile
 * the writes are the state machine's (node/schedule/coverage.ts), so every node reaches
 * the same outcome.
 *
 * Must not: decide outcomes (the state machine does), talk to Raft except through the
 * replica, or read clocks and disks except through the Clock and JournalStore it is given.
 */
export { HybridClock, compareHlc, formatHlc, ClockDriftError, type Hlc } from './hlc.ts';
export { EmergencyJournal, MAX_CLOCK_DRIFT_MS, type JournalOutcome, type EmergencyJournalOptions } from './emergency-journal.ts';
export { Healer, type HealerOptions, type HealingReplica } from './healer.ts';
