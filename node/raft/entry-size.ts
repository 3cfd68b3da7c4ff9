import type { Entry } from './types.ts';

/** Fixed per-entry overhead counted toward message size limits (index, term, type). */
const ENTRY_OVERHEAD_BYTES = 24;

/** The approximate wire size of an entry, used to bound batches by bytes. */
export function entryBytes(e: Entry): number {
  return ENTRY_OVERHEAD_BYTES + (e.type === 'normal' ? e.data.length : 16 + e.change.node.length);
}
