import type { Message, Snapshot, SnapshotMeta } from './types.ts';

export type ChunkResult =
  | { readonly kind: 'partial'; readonly offset: number }
  /** The chunk did not continue the image at `offset` (lost, duplicated or from an older image). */
  | { readonly kind: 'mismatch'; readonly offset: number }
  | { readonly kind: 'complete'; readonly snapshot: Snapshot };

/**
 * A follower's reassembly of an InstallSnapshot image sent in chunks (Raft Figure 13).
 * Held in memory only: after a crash the leader starts the image over from offset 0.
 */
export class SnapshotReceiver {
  private meta: SnapshotMeta | undefined;
  private chunks: Uint8Array[] = [];
  private received = 0;

  receive(m: Extract<Message, { type: 'snap' }>): ChunkResult {
    if (!this.meta || this.meta.index !== m.meta.index || this.meta.term !== m.meta.term) {
      this.clear();
      if (m.offset !== 0) return { kind: 'mismatch', offset: 0 };
      this.meta = m.meta;
    }
    if (m.offset !== this.received) return { kind: 'mismatch', offset: this.received };
    this.chunks.push(m.data);
    this.received += m.data.length;
    if (!m.done) return { kind: 'partial', offset: this.received };
    if (this.received !== m.totalBytes) {
      this.clear();
      return { kind: 'mismatch', offset: 0 };
    }
    const data = new Uint8Array(this.received);
    let at = 0;
    for (const c of this.chunks) {
      data.set(c, at);
      at += c.length;
    }
    const snapshot: Snapshot = { meta: this.meta, data };
    this.clear();
    return { kind: 'complete', snapshot };
  }

  clear(): void {
    this.meta = undefined;
    this.chunks = [];
    this.received = 0;
  }
}
