/**
 * Safety invariants of Raft (Figure 3 of the paper), checked incrementally as the
 * simulation runs: each check looks only at what changed (a Ready being persisted, an
 * entry being applied, a node becoming leader), so checking after every step is cheap.
 *
 * The checker keeps a global, append-only memory of everything any node ever persisted
 * or applied; Raft's guarantees are statements across nodes AND across time, and a
 * violation is often visible only by comparing with a node that has since crashed.
 */
import type { Entry, HardState, NodeId, Snapshot } from '../../../node/raft/types.ts';
import type { MemoryStorage } from '../../../node/raft/storage.ts';

/** A broken invariant: names it, the step, the seed and how to replay the run. */
export class SafetyViolation extends Error {
  override readonly name = 'SafetyViolation';
  constructor(
    readonly invariant: string,
    readonly step: number,
    readonly seed: number,
    readonly detail: string,
    readonly replay: string | undefined,
  ) {
    super(
      `${invariant} violated at step ${step} (seed ${seed}): ${detail}` +
        (replay ? `\n  replay: ${replay}` : ''),
    );
  }
}

/** What the checker needs from a live core to check leader completeness. */
export interface LogView {
  termAt(index: number): number | undefined;
  firstIndex(): number;
}

const TERM_SPACE = 1 << 22;
const TWO_32 = 4294967296;

/** 32-bit FNV-1a over an entry's payload; collisions can only hide a bug, never invent one. */
function payloadHash(e: Entry): number {
  let h = 0x811c9dc5;
  if (e.type === 'normal') {
    const d = e.data;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i]!, 0x01000193);
  } else {
    const s = `${e.change.kind}:${e.change.node}`;
    h = Math.imul(h ^ 0xc0, 0x01000193);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** Hash of the log prefix ending with `e`, chained from the prefix before it (~52 bits). */
function chainHash(prev: number, e: Entry): number {
  const p = payloadHash(e);
  const prevLo = prev % TWO_32;
  const prevHi = Math.floor(prev / TWO_32);
  let lo = Math.imul(prevLo ^ p, 0x85ebca6b) ^ Math.imul(e.term + 0x9e3779b9, 0xc2b2ae35);
  lo = Math.imul(lo ^ (lo >>> 13), 0x27d4eb2f) ^ e.index;
  let hi = Math.imul(prevHi ^ Math.imul(p, 0x1b873593), 0xcc9e2d51) ^ Math.imul(e.term, 0x7feb352d);
  hi = Math.imul(hi ^ (hi >>> 15), 0x846ca68b);
  return (hi & 0xfffff) * TWO_32 + (lo >>> 0);
}

/** The state-machine identity of an entry: equal keys mean the same command. */
export function entryKey(e: Entry, cmd: string | undefined): string {
  if (e.type === 'conf') return `${e.term}:conf:${e.change.kind}:${e.change.node}`;
  return cmd === undefined ? `${e.term}:noop` : `${e.term}:cmd:${cmd}`;
}

/** A node's persisted log as prefix hashes: hashes[i - base] for i >= base. */
interface LogShadow {
  base: number;
  hashes: number[];
}

export class Checker {
  /** (index, term) of every entry ever persisted anywhere -> hash of the log prefix it ends. */
  private readonly prefixOf = new Map<number, number>();
  private readonly shadows = new Map<NodeId, LogShadow>();
  private readonly disks = new Map<NodeId, MemoryStorage>();
  private staticVoters: readonly NodeId[] | undefined;
  /** The leader of each term that had one. */
  private readonly leaders = new Map<number, NodeId>();
  /** Global applied history: index -> key/term; always a prefix 1..maxApplied. */
  private readonly appliedKey: string[] = [''];
  private readonly appliedTerm: number[] = [0];
  /** Commands (non-empty normal entries) in index order, and how many precede each index. */
  readonly commands: string[] = [];
  private readonly commandCountAt: number[] = [0];
  /** How many times each invariant was checked: proof that the checks actually ran. */
  readonly checks = { leader: 0, completeness: 0, logMatching: 0, apply: 0, restore: 0, hardState: 0, durability: 0, durableMajority: 0 };

  constructor(
    private readonly seed: number,
    private readonly now: () => number,
    private readonly replay: string | undefined,
  ) {}

  fail(invariant: string, detail: string): never {
    throw new SafetyViolation(invariant, this.now(), this.seed, detail, this.replay);
  }

  get maxApplied(): number {
    return this.appliedKey.length - 1;
  }

  /** Term of the entry applied at `index` (0 if none yet). */
  appliedTermAt(index: number): number | undefined {
    return this.appliedTerm[index];
  }

  /** Election safety (Raft §5.2) and leader completeness (Raft §5.4): run when `node` becomes leader. */
  onLeader(node: NodeId, term: number, log: LogView): void {
    this.checks.leader++;
    const prev = this.leaders.get(term);
    if (prev !== undefined && prev !== node) {
      this.fail('election safety (at most one leader per term, Raft §5.2)', `${prev} and ${node} are both leaders of term ${term}`);
    }
    if (prev === node) return;
    this.leaders.set(term, node);
    // Every entry applied anywhere is committed, so the new leader's log must hold it.
    // Below the leader's first index the entries are in its snapshot, checked on restore.
    const first = log.firstIndex();
    for (let i = this.maxApplied; i >= first && i > 0; i--) {
      this.checks.completeness++;
      const t = log.termAt(i);
      if (t !== this.appliedTerm[i]) {
        this.fail(
          'leader completeness (Raft §5.4)',
          `${node} became leader of term ${term} but holds term ${t} at index ${i}, where term ${this.appliedTerm[i]} was committed and applied`,
        );
      }
    }
  }

  leaderOf(term: number): NodeId | undefined {
    return this.leaders.get(term);
  }

  /** Terms that had a leader, ascending. */
  leaderTerms(): number[] {
    return [...this.leaders.keys()].sort((a, b) => a - b);
  }

  /** Starts tracking a new node's disk (whatever it was created with counts as persisted). */
  registerDisk(node: NodeId, storage: MemoryStorage): void {
    this.shadow(node, storage);
    this.disks.set(node, storage);
  }

  /**
   * Enables the durable-majority check for a cluster of these voters. Membership changes
   * turn it off: which configuration a leader counted in is then not visible from here.
   */
  setStaticVoters(voters: readonly NodeId[]): void {
    this.staticVoters = voters;
  }

  /** Committed means durable on a majority (Raft §5.3; DESIGN.md "Durability"): checked when first applied. */
  private checkDurableMajority(e: Entry): void {
    const voters = this.staticVoters;
    if (!voters) return;
    if (e.type === 'conf') {
      // Bootstrap entries (every initial member writes them itself) restate the initial
      // voters; any other change ends the static membership.
      const restates = e.change.kind !== 'remove' && voters.includes(e.change.node);
      if (!restates) this.staticVoters = undefined;
      return;
    }
    let durable = 0;
    for (const v of voters) {
      const d = this.disks.get(v);
      if (!d) continue;
      // A snapshot covering the index holds the committed entry too.
      if (d.firstIndex() - 1 >= e.index || (e.index <= d.lastIndex() && d.term(e.index) === e.term)) durable++;
    }
    this.checks.durableMajority++;
    if (durable < Math.floor(voters.length / 2) + 1) {
      this.fail('committed entries are durable on a majority (Raft §5.3)', `index ${e.index} (term ${e.term}) is applied but durable on only ${durable} of ${voters.length} voters`);
    }
  }

  private shadow(node: NodeId, storage: MemoryStorage): LogShadow {
    let s = this.shadows.get(node);
    if (!s) {
      // A fresh disk: its log starts at its snapshot, possibly followed by entries it was
      // created with (a bootstrap membership written into the log); those count as persisted.
      const snap = storage.snapshot().meta;
      s = { base: snap.index, hashes: [snap.index === 0 ? 0 : this.prefixOf.get(snap.index * TERM_SPACE + snap.term) ?? 0] };
      this.shadows.set(node, s);
      if (storage.lastIndex() >= storage.firstIndex()) {
        this.record(node, s, storage.entries(storage.firstIndex(), storage.lastIndex() + 1, Number.MAX_SAFE_INTEGER));
      }
    }
    return s;
  }

  /**
   * Called just BEFORE the driver writes a Ready to `storage`: checks the hard state
   * transition and log matching (Raft §5.3) of the entries about to become durable.
   */
  beforePersist(node: NodeId, storage: MemoryStorage, snap: Snapshot | undefined, entries: readonly Entry[], hs: HardState | undefined): void {
    const prevHs = storage.hardState();
    if (hs) {
      this.checks.hardState++;
      if (hs.term < prevHs.term) this.fail('durable term never decreases (Raft Figure 2)', `${node} persists term ${hs.term} over ${prevHs.term}`);
      if (hs.term === prevHs.term && prevHs.vote !== '' && hs.vote !== prevHs.vote) {
        this.fail('one vote per term (Raft §5.2)', `${node} changes its vote in term ${hs.term} from ${prevHs.vote} to ${hs.vote || '(none)'}`);
      }
      if (hs.commit < prevHs.commit) this.fail('durable commit never decreases', `${node} persists commit ${hs.commit} over ${prevHs.commit}`);
    }
    const s = this.shadow(node, storage);
    if (snap && snap.meta.index > storage.snapshot().meta.index) {
      const key = snap.meta.index * TERM_SPACE + snap.meta.term;
      const h = this.prefixOf.get(key);
      if (h === undefined) {
        this.fail('log matching (Raft §5.3)', `${node} installs a snapshot at (index ${snap.meta.index}, term ${snap.meta.term}) that no node ever persisted`);
      }
      s.base = snap.meta.index;
      s.hashes = [h];
    }
    if (entries.length === 0) return;
    // Mirror MemoryStorage.append: entries below its first index are already compacted and ignored.
    const storageFirst = snap && snap.meta.index > storage.snapshot().meta.index ? snap.meta.index + 1 : storage.firstIndex();
    const storageLast = snap && snap.meta.index > storage.snapshot().meta.index ? snap.meta.index : storage.lastIndex();
    const first = entries[0]!.index;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k]!;
      if (e.index !== first + k) this.fail('log writes are contiguous', `${node} persists index ${e.index} at position ${k} of a batch starting at ${first}`);
    }
    if (first > storageLast + 1) this.fail('log writes are contiguous', `${node} persists from index ${first} but its log ends at ${storageLast}`);
    const durableCommit = prevHs.commit;
    for (const e of entries) {
      if (e.index < storageFirst || e.index <= s.base) continue;
      if (e.index <= durableCommit && e.index <= storageLast && !(snap && snap.meta.index > storage.snapshot().meta.index)) {
        const old = storage.term(e.index);
        if (old !== e.term) {
          this.fail('committed entries are never overwritten (Raft §5.4)', `${node} overwrites committed index ${e.index} (term ${old}) with term ${e.term}; durable commit ${durableCommit}`);
        }
      }
      this.record(node, s, [e]);
    }
  }

  /** Extends a node's shadow log with durable entries and checks them against every other log. */
  private record(node: NodeId, s: LogShadow, entries: readonly Entry[]): void {
    for (const e of entries) {
      const prevHash = s.hashes[e.index - 1 - s.base];
      if (prevHash === undefined) this.fail('log writes are contiguous', `${node} persists index ${e.index} without index ${e.index - 1}`);
      const h = chainHash(prevHash, e);
      s.hashes.length = e.index - s.base;
      s.hashes.push(h);
      if (e.term >= TERM_SPACE) this.fail('terms stay small', `term ${e.term} at index ${e.index}`);
      const key = e.index * TERM_SPACE + e.term;
      const seen = this.prefixOf.get(key);
      this.checks.logMatching++;
      if (seen === undefined) this.prefixOf.set(key, h);
      else if (seen !== h) {
        this.fail('log matching (Raft §5.3)', `${node} persists (index ${e.index}, term ${e.term}) after a log prefix that differs from another node's`);
      }
    }
  }

  /** Called just AFTER the write: durable state is self-consistent. */
  afterPersist(node: NodeId, storage: MemoryStorage): void {
    const hs = storage.hardState();
    if (hs.commit > storage.lastIndex()) {
      this.fail('commit index within the durable log', `${node} persisted commit ${hs.commit} beyond its last index ${storage.lastIndex()}`);
    }
  }

  /**
   * A message that promises durability (a granted vote, an append acknowledgement) may
   * leave only once what it promises is on disk (Raft Figure 2, "before responding").
   */
  checkPromise(node: NodeId, storage: MemoryStorage, m: { type: string; to: NodeId; term: number; index?: number; reject?: boolean }): void {
    if (m.type === 'voteResp' && !m.reject) {
      this.checks.durability++;
      const hs = storage.hardState();
      // A durable later term also keeps the node from voting again in m.term.
      if (hs.term < m.term || (hs.term === m.term && hs.vote !== m.to)) {
        this.fail('votes are durable before they are sent (Raft §5.2)', `${node} grants its vote to ${m.to} in term ${m.term} while its disk says term ${hs.term} vote ${hs.vote || '(none)'}`);
      }
    } else if (m.type === 'appResp' && !m.reject && m.index !== undefined) {
      this.checks.durability++;
      if (storage.lastIndex() < m.index) {
        this.fail('acknowledged entries are durable (Raft §5.3)', `${node} acknowledges index ${m.index} to ${m.to} but its disk ends at ${storage.lastIndex()}`);
      }
      // The leader of term t only sends entries of terms <= t: a newer term on disk at
      // that index means the acknowledged entry was overwritten before it became durable.
      if (m.index >= storage.firstIndex() - 1 && storage.term(m.index) > m.term) {
        this.fail(
          'acknowledged entries are durable (Raft §5.3)',
          `${node} acknowledges index ${m.index} to ${m.to} in term ${m.term}, but its disk holds term ${storage.term(m.index)} there`,
        );
      }
    }
  }

  /** State-machine safety (Raft §5.4.3): no two nodes apply different commands at an index. */
  onApply(node: NodeId, e: Entry, cmd: string | undefined, appliedBefore: number): void {
    this.checks.apply++;
    if (e.index !== appliedBefore + 1) {
      this.fail('entries are applied in order, exactly once', `${node} applies index ${e.index} after ${appliedBefore}`);
    }
    const key = entryKey(e, cmd);
    const seen = this.appliedKey[e.index];
    if (seen === undefined) {
      // The global history grows contiguously: someone applying i has applied i-1 (or has it in a snapshot).
      if (e.index !== this.appliedKey.length) this.fail('state machine safety (Raft §5.4.3)', `${node} applies index ${e.index} before any node applied ${this.appliedKey.length}`);
      this.checkDurableMajority(e);
      this.appliedKey.push(key);
      this.appliedTerm.push(e.term);
      if (cmd !== undefined) this.commands.push(cmd);
      this.commandCountAt.push(this.commands.length);
    } else if (seen !== key) {
      this.fail('state machine safety (Raft §5.4.3)', `${node} applies ${key} at index ${e.index}, another node applied ${seen}`);
    }
  }

  /** A restored state machine must equal the applied history up to the snapshot index. */
  onRestore(node: NodeId, index: number, commands: readonly string[], appliedBefore: number, fromLeader: boolean): void {
    this.checks.restore++;
    if (fromLeader && index < appliedBefore) {
      this.fail('a snapshot never rolls a state machine back', `${node} restores a snapshot at ${index} over applied ${appliedBefore}`);
    }
    if (index > this.maxApplied) this.fail('state machine safety (Raft §5.4.3)', `${node} restores a snapshot at ${index}, beyond anything applied (${this.maxApplied})`);
    const n = this.commandCountAt[index]!;
    let ok = commands.length === n;
    for (let i = 0; ok && i < n; i++) ok = commands[i] === this.commands[i];
    if (!ok) this.fail('state machine safety (Raft §5.4.3)', `${node} restores a snapshot at ${index} whose state differs from the applied history`);
  }

  /** The applied history as keys, for end-of-run comparisons. */
  appliedKeyAt(index: number): string | undefined {
    return this.appliedKey[index];
  }
}
