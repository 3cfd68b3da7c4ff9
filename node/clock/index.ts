/**
 * node/clock — time and deferred work for the drivers around the pure cores: wall and
 * monotonic time, "run after this turn", timers. SystemClock is the process's own;
 * ManualClock is its in-memory twin, advanced by hand, so the deterministic simulation
 * and in-process tests run the production driver without real time passing.
 *
 * Must not: be imported by node/raft or node/schedule (they take time only as inputs:
 * ticks, and timestamps carried in log entries).
 */
export type { Clock } from './clock.ts';
export { SystemClock } from './system-clock.ts';
export { ManualClock, type ClockScope } from './manual-clock.ts';
