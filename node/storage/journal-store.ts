import type { CoverageWrite } from '../schedule/command.ts';
import type { Completion } from './durable-log.ts';

/**
 * The durable store of a node's emergency journal: emergency-coverage writes this node
 * acknowledged while it could not reach a quorum, kept until they are in the replicated
 * log. Node-local, never replicated. LevelStorage keeps it in its database;
 * MemoryJournalStore is the in-memory twin.
 *
 * Contract: `append` completes only once the write is durable (fsynced): the node
 * acknowledges the write after that. Calls may overlap with the DurableLog's writes
 * (different keys) but not with each other.
 */
export interface JournalStore {
  /** The journal as it is: every write appended and not removed, in stamp order. */
  journal(): readonly CoverageWrite[];
  /** Adds a write, durably. */
  appendJournal(write: CoverageWrite, done: Completion<void>): void;
  /** Removes writes (they are in the replicated log now), durably. Unknown ids are ignored. */
  removeJournal(ids: readonly string[], done: Completion<void>): void;
}
