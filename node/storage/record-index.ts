/** A stored log record: the index of its first entry (its key) and the last entry of it still in effect. */
export interface RecordSpan {
  readonly first: number;
  readonly last: number;
}

/**
 * The log records on disk, by first index. A record replaces the log from its first
 * index on, so spans never overlap once a replaced tail is cut: they are ordered by
 * first and by last alike. Appends (the common case) cost O(1); a write that replaces
 * k records costs O(k).
 */
export class RecordIndex {
  private spans: RecordSpan[] = [];

  /** Records a write starting at `first` would replace (delete): those starting at or after it. */
  replacedBy(first: number): RecordSpan[] {
    let i = this.spans.length;
    while (i > 0 && this.spans[i - 1]!.first >= first) i--;
    return this.spans.slice(i);
  }

  /** A record [first, last] was written: it replaced every record from `first` on. */
  written(first: number, last: number): void {
    while (this.spans.length > 0 && this.spans[this.spans.length - 1]!.first >= first) this.spans.pop();
    const prev = this.spans[this.spans.length - 1];
    if (prev && prev.last >= first) this.spans[this.spans.length - 1] = { first: prev.first, last: first - 1 };
    this.spans.push({ first, last });
  }

  /** The record that holds entry `index` as still in effect, if any. */
  containing(index: number): RecordSpan | undefined {
    let lo = 0;
    let hi = this.spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.spans[mid]!;
      if (index < s.first) hi = mid - 1;
      else if (index > s.last) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  /** Records wholly at or below `index` (a snapshot covers them). */
  coveredBy(index: number): RecordSpan[] {
    return this.spans.slice(0, this.countCovered(index));
  }

  /** Forgets the records coveredBy(index) returned (they were deleted). */
  dropCovered(index: number): void {
    this.spans.splice(0, this.countCovered(index));
  }

  private countCovered(index: number): number {
    let n = 0;
    while (n < this.spans.length && this.spans[n]!.last <= index) n++;
    return n;
  }

  all(): readonly RecordSpan[] {
    return this.spans;
  }

  clear(): void {
    this.spans = [];
  }
}
