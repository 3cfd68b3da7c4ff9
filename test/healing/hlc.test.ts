/**
 * The hybrid logical clock (node/healing/hlc.ts) and how the emergency journal uses it:
 * stamps always increase, stay close to wall time, never fall behind a stamp seen in the
 * log, and survive a restart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../node/clock/index.ts';
import { EmergencyJournal } from '../../node/healing/emergency-journal.ts';
import { ClockDriftError, compareHlc, HybridClock } from '../../node/healing/hlc.ts';
import { ScheduleMachine, type CoverageWrite } from '../../node/schedule/index.ts';
import { MemoryJournalStore } from '../../node/storage/memory-journal-store.ts';

test('stamps increase strictly, also when the wall clock stands still or steps back', () => {
  const c = new HybridClock({ wallMs: 0, logical: 0 }, 60_000);
  const a = c.now(1000);
  const b = c.now(1000);
  const d = c.now(900);
  assert.deepEqual([a, b, d], [{ wallMs: 1000, logical: 0 }, { wallMs: 1000, logical: 1 }, { wallMs: 1000, logical: 2 }]);
  assert.deepEqual(c.now(1001), { wallMs: 1001, logical: 0 });
});

test('a stamp seen elsewhere pulls the clock ahead of it, within the drift bound; beyond it, it is refused and changes nothing', () => {
  const c = new HybridClock({ wallMs: 0, logical: 0 }, 5_000);
  c.observe({ wallMs: 3_000, logical: 7 }, 1_000);
  assert.ok(compareHlc(c.now(1_000), { wallMs: 3_000, logical: 7 }) > 0);
  const before = c.latest;
  assert.throws(() => c.observe({ wallMs: 100_000, logical: 0 }, 1_000), ClockDriftError);
  assert.deepEqual(c.latest, before);
});

const facilities = [{ id: 'A', name: 'A', pools: ['ICU'] }];

function cover(id: string, facility: string, wallMs: number): CoverageWrite {
  return { id, facility, stamp: { wallMs, logical: 0 }, reason: '', op: { kind: 'cover', assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' } } };
}

test('the journal restarts its clock from the latest stamp it issued (journal or log), so stamps survive a restart with a clock that stepped back', () => {
  const clock = new ManualClock(10_000).scope();
  const disk = new Map<string, CoverageWrite>([['w1', cover('w1', 'A', 50_000)]]);
  const machine = new ScheduleMachine(facilities);
  const journal = new EmergencyJournal({ facility: 'A', store: new MemoryJournalStore(disk, clock), clock, schedule: () => machine });
  assert.ok(compareHlc(journal.stamp(), { wallMs: 50_000, logical: 0 }) > 0, 'after the journaled write, though the wall clock says 10,000');
});

test('a stamp for a new write is later than every stamp already in the log, from any facility', () => {
  const clock = new ManualClock(10_000).scope();
  const machine = new ScheduleMachine(facilities);
  machine.apply({ requestId: 'r1', issuer: 'A', timestampMs: 1, op: { kind: 'addPerson', person: { id: 'p1', name: 'P', role: 'faculty', homeFacility: 'A' } } }, 1);
  machine.apply({ requestId: 'r2', issuer: 'A', timestampMs: 1, op: { kind: 'addBlock', block: { id: 'b1', start: '2026-01-01', end: '2026-01-28' } } }, 2);
  machine.apply({ requestId: 'r3', issuer: 'B', timestampMs: 1, op: { kind: 'reconcile', facility: 'B', writes: [cover('wB', 'B', 12_000)] } }, 3);
  const journal = new EmergencyJournal({ facility: 'A', store: new MemoryJournalStore(new Map(), clock), clock, schedule: () => machine });
  assert.ok(compareHlc(journal.stamp(), { wallMs: 12_000, logical: 0 }) > 0);
});
