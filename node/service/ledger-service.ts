import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.ts';
import { ConflictError, InvalidArgumentError, NotFoundError, NotLeaderError, PermissionDeniedError, UnavailableError, type RosterError } from '../errors.ts';
import {
  encodePayload,
  evidenceProblem,
  fingerprint,
  sameBytes,
  type DivergenceWatch,
  type FacilityIdentity,
  type HeadWatch,
  type KeyRegistrar,
  type LedgerEntry,
  type LedgerPeers,
  type SignedVote,
  type Statements,
  type VoteSigner,
} from '../ledger/index.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import type { WritePolicy } from '../modes/write-policy.ts';
import type { CancelSignal } from '../replica/cancellation.ts';
import type { ScheduleReplica } from '../replica/index.ts';
import type { ReplicatedState } from '../replica/replicated-state.ts';
import { checkId } from '../schedule/index.ts';
import type { FacilityKey, ListKeysReply, VoteReply__Output, VoteRequest__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';

/** How long a coordinator waits for the facilities' votes. */
const VOTE_TIMEOUT_MS = 2000;
/**
 * Once a quorum signed one digest and every facility this node reaches answered, how
 * much longer the ones it does not reach get (one may answer after all; waiting for a
 * cut-off facility's timeout is not worth it).
 */
const STRAGGLER_GRACE_MS = 100;
/** How long a voter waits to have applied what the coordinator read. */
const APPLY_WAIT_MS = 2000;
/** Attempts of a commitment whose votes went stale because another commitment moved the ledger head. */
const COMMIT_ATTEMPTS = 3;

export interface LedgerServiceOptions {
  readonly self: string;
  readonly cluster: string;
  readonly replica: ScheduleReplica;
  readonly policy: WritePolicy;
  readonly clock: Clock;
  readonly peers: LedgerPeers;
  /** Absent when the node runs without a key: it neither signs votes nor coordinates commitments. */
  readonly identity?: FacilityIdentity;
  readonly signer?: VoteSigner;
  readonly registrar: KeyRegistrar;
  readonly heads: HeadWatch;
  readonly divergence: DivergenceWatch;
  readonly log: Logger;
  readonly metrics?: NodeMetrics;
}

/** A commitment as the client hears of it. */
export interface CommitOutcome {
  readonly entry: LedgerEntry;
  /** False when this block version was committed already. */
  readonly appended: boolean;
  readonly detail: string;
}

/** One facility's answer to a vote request, as the coordinator collected it. */
type Answer = { readonly facility: string } & ({ readonly reply: VoteReply__Output } | { readonly error: string });

const hex = (b: Uint8Array): string => `${Buffer.from(b).toString('hex').slice(0, 12)}…`;

/**
 * What a client can ask of a node about the ledger, whatever the wire: schedule
 * commitments (the coordinator side and the voter side), the ledger, keys, heads and
 * evidence. The gRPC handlers (node/server) translate to and from it.
 */
export class LedgerService {
  /** Commitments coordinated here, one at a time (two would only race for the ledger head). */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: LedgerServiceOptions) {}

  private get state(): ReplicatedState {
    return this.o.replica.appliedState().state;
  }

  // ---------------------------------------------------------------- commitments

  /**
   * Commits the block's current version: a final approval (refused at once in a
   * minority), coordinated by the leader (NotLeaderError elsewhere). Reads the block's
   * version and digest linearizably, asks every facility to sign its own digest of that
   * version, and appends the entry through Raft once a quorum signed one digest;
   * facilities that disagreed or refused are recorded as dissent. Answers with the
   * existing entry when the version is committed already.
   */
  commit(block: string, signal?: CancelSignal): Promise<CommitOutcome> {
    const invalid = checkId('block', block);
    if (invalid) throw new InvalidArgumentError(invalid);
    const admission = this.o.policy.admit('final_approval', `commit block ${block}`);
    if (admission.route === 'refuse') {
      this.o.metrics?.partitionRefusals.inc({ class: 'final_approval' });
      throw admission.error;
    }
    if (!this.o.identity || !this.o.signer) throw new UnavailableError(`${this.o.self} runs without a facility key: it cannot sign or coordinate commitments`);
    const signing = this.o.registrar.problem();
    if (signing) throw new UnavailableError(`Cannot commit block ${block}: ${signing}`);
    const run = this.serial.then(() => this.commitWithRetries(block, signal));
    this.serial = run.catch(() => undefined);
    return run;
  }

  private async commitWithRetries(block: string, signal?: CancelSignal): Promise<CommitOutcome> {
    const started = this.o.clock.monotonicMs();
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.commitOnce(block, signal);
      if (outcome.kind === 'done') {
        this.o.metrics?.commitments.inc({ outcome: outcome.value.appended ? 'appended' : 'existing' });
        if (outcome.value.appended) this.o.metrics?.commitSeconds.observe((this.o.clock.monotonicMs() - started) / 1000);
        return outcome.value;
      }
      if (attempt >= COMMIT_ATTEMPTS) throw new ConflictError(`Cannot commit block ${block}: ${outcome.reason} (after ${attempt} attempts)`);
    }
  }

  private async commitOnce(block: string, signal?: CancelSignal): Promise<{ kind: 'done'; value: CommitOutcome } | { kind: 'retry'; reason: string }> {
    const st = this.o.replica.status();
    if (st.role !== 'leader') throw new NotLeaderError(st.leader, st.leader ? this.o.replica.addressOf(st.leader) : '');
    const { value: read, applied } = await this.o.replica.read(
      (s) => {
        const version = s.schedule.blockVersion(block);
        return { version, head: s.ledger.head(), committed: version === undefined ? undefined : s.ledger.committed(block, version), quorum: s.ledger.quorum() };
      },
      false,
      signal,
    );
    if (read.version === undefined) throw new NotFoundError(`block ${block} not found`);
    if (read.committed) return { kind: 'done', value: { entry: read.committed, appended: false, detail: `block ${block} version ${read.version} is committed already (ledger entry ${read.committed.seq})` } };
    const digest = Buffer.from(this.state.schedule.digest(block), 'hex');
    const request: VoteRequest__Output = { cluster: this.o.cluster, block, version: read.version, digest, prevHash: read.head.hash, atIndex: applied, coordinator: this.o.self };
    const answers = await this.gather(request, read.quorum.q);
    this.reportEquivocation(answers, block, read.version);
    const tally = tallyVotes(answers);
    const chosen = [...tally.entries()].find(([, votes]) => votes.length >= read.quorum.q);
    if (!chosen) {
      throw new ConflictError(
        `Cannot commit block ${block} version ${read.version}: ${read.quorum.q} of ${read.quorum.n} facilities must sign one digest; ${describeAnswers(answers, digest)}`,
      );
    }
    const [chosenHex, votes] = chosen;
    const dissent = answers
      .filter((a) => !votes.some((v) => v.facility === a.facility))
      .flatMap((a) => {
        if ('error' in a) return [];
        const vote = a.reply.vote;
        const reason = a.reply.refusal || (vote ? `signed digest ${hex(vote.digest)} instead` : 'no vote');
        return [{ facility: a.facility, reason, vote: vote ?? null }];
      })
      .sort((a, b) => (a.facility < b.facility ? -1 : 1));
    const append = {
      block,
      version: read.version,
      digest: Buffer.from(chosenHex, 'hex'),
      prevHash: read.head.hash,
      votes: [...votes].sort((a, b) => (a.facility < b.facility ? -1 : 1)),
      dissent,
      timeMs: this.o.clock.nowMs(),
    };
    const committed = await this.o.replica.propose(encodePayload({ kind: 'ledgerAppend', append }), signal);
    const r = committed.result;
    const entry = this.state.ledger.committed(block, read.version);
    if (r?.ok && entry) {
      if (dissent.length > 0) this.o.log.warn({ block, version: read.version, seq: entry.seq, dissent: dissent.map((d) => `${d.facility}: ${d.reason}`) }, 'commitment with dissent');
      const silent = answers.flatMap((a) => ('error' in a ? [`${a.facility} (${a.error})`] : []));
      return { kind: 'done', value: { entry, appended: !r.duplicate, detail: silent.length > 0 ? `${r.detail}; no vote from ${silent.join(', ')}` : r.detail } };
    }
    if (!r || r.ok) throw new Error(`the commitment of block ${block} at index ${committed.index} left no ledger entry`);
    if (!sameBytes(this.state.ledger.head().hash, read.head.hash)) return { kind: 'retry', reason: r.message };
    if (r.code === 'permissionDenied') throw new PermissionDeniedError(r.message);
    throw new ConflictError(r.message);
  }

  /**
   * Asks every facility (this one included) for its vote. Settles when all answered;
   * or, once a quorum signed one digest and every facility this node reaches answered
   * (so a dissent is recorded however slowly it comes, short of the timeout),
   * STRAGGLER_GRACE_MS later; or at VOTE_TIMEOUT_MS. Those that did not answer by then are
   * named in the outcome's detail, not recorded.
   */
  private gather(request: VoteRequest__Output, q: number): Promise<Answer[]> {
    const asked = this.state.ledger.facilities;
    const reachable = new Set([this.o.self, ...this.o.replica.partition().reachable]);
    return new Promise((resolve) => {
      const answers: Answer[] = [];
      let done = false;
      let grace: (() => void) | undefined;
      const finish = (): void => {
        if (done) return;
        done = true;
        stopTimeout();
        grace?.();
        const silent = asked.filter((f) => !answers.some((a) => a.facility === f));
        resolve([...answers, ...silent.map((f) => ({ facility: f, error: 'no answer in time' }))]);
      };
      const stopTimeout = this.o.clock.after(VOTE_TIMEOUT_MS, finish);
      const take = (a: Answer): void => {
        if (done) return;
        answers.push(a);
        if (answers.length === asked.length) return finish();
        const quorum = [...tallyVotes(answers).values()].some((v) => v.length >= q);
        const reachableAnswered = asked.every((f) => !reachable.has(f) || answers.some((x) => x.facility === f));
        if (!grace && quorum && reachableAnswered) grace = this.o.clock.after(STRAGGLER_GRACE_MS, finish);
      };
      for (const f of asked) {
        const reply = f === this.o.self ? this.vote(request) : this.o.peers.requestVote(f, request, VOTE_TIMEOUT_MS);
        reply.then(
          (r) => take({ facility: f, reply: r }),
          (e: unknown) => take({ facility: f, error: (e as Error)?.message ?? String(e) }),
        );
      }
    });
  }

  /** A facility whose vote contradicts one the ledger holds for the same block version is reported. */
  private reportEquivocation(answers: readonly Answer[], block: string, version: number): void {
    for (const a of answers) {
      if ('error' in a || !a.reply.vote) continue;
      const before = this.state.ledger.voteOf(a.facility, block, version);
      if (before && !sameBytes(before.digest, a.reply.vote.digest)) this.reportEvidence({ kind: 'votes', first: before, second: a.reply.vote }).catch(() => undefined);
    }
  }

  /**
   * The voter's side: this facility's signed vote for its own digest of the block at the
   * requested version, once its applied state covers what the coordinator read. Refuses
   * (with no vote) when the block is at another version here, the ledger heads differ,
   * the block breaks the schedule's rules here, or this node signed another digest for
   * the version before; answers with its vote and a refusal when its digest differs.
   */
  async vote(req: VoteRequest__Output): Promise<VoteReply__Output> {
    const refuse = (refusal: string): VoteReply__Output => ({ vote: null, refusal });
    if (!this.o.signer) return refuse(`${this.o.self} runs without a facility key`);
    if (req.cluster !== this.o.cluster) return refuse(`${this.o.self} belongs to cluster ${this.o.cluster}, not ${req.cluster}`);
    const invalid = checkId('block', req.block);
    if (invalid) return refuse(invalid);
    if (req.digest.length !== 32 || req.prevHash.length !== 32) return refuse('the digest and the previous hash must be 32 bytes');
    if (!(await this.appliedAtLeast(req.atIndex))) return refuse(`${this.o.self} has applied up to index ${this.o.replica.appliedState().applied}, not yet ${req.atIndex}`);
    const s = this.state;
    const version = s.schedule.blockVersion(req.block);
    if (version === undefined) return refuse(`block ${req.block} does not exist at ${this.o.self}`);
    if (version !== req.version) return refuse(`block ${req.block} is at version ${version} at ${this.o.self}, not ${req.version}`);
    const head = s.ledger.head();
    if (!sameBytes(head.hash, req.prevHash)) return refuse(`${this.o.self}'s ledger head is entry ${head.seq} (${hex(head.hash)}), not the head the vote would chain to`);
    const violations = s.schedule.blockRuleViolations(req.block) ?? [];
    if (violations.length > 0) return refuse(`block ${req.block} breaks the schedule's rules at ${this.o.self}: ${violations.join('; ')}`);
    const digest = Buffer.from(s.schedule.digest(req.block), 'hex');
    const signed = await this.o.signer.sign({ block: req.block, version, digest, prevHash: Buffer.from(req.prevHash) });
    if (!signed.ok) return refuse(signed.reason);
    const refusal = sameBytes(digest, req.digest) ? '' : `${this.o.self}'s digest of block ${req.block} version ${version} is ${hex(digest)}, not ${hex(req.digest)}`;
    return { vote: signed.vote, refusal };
  }

  private appliedAtLeast(index: number): Promise<boolean> {
    if (this.o.replica.appliedState().applied >= index) return Promise.resolve(true);
    return new Promise((resolve) => {
      const stop = this.o.clock.after(APPLY_WAIT_MS, () => {
        unsubscribe();
        resolve(this.o.replica.appliedState().applied >= index);
      });
      const unsubscribe = this.o.replica.onApplied(() => {
        if (this.o.replica.appliedState().applied < index) return;
        unsubscribe();
        stop();
        resolve(true);
      });
    });
  }

  // ---------------------------------------------------------------- evidence

  /** Puts evidence into the log (through whichever node leads) once it checks out here. */
  reportEvidence(s: Statements): Promise<string> {
    const problem = evidenceProblem(this.o.cluster, s, (f) => this.state.ledger.keyring.keyOf(f));
    if (problem) return Promise.reject(new InvalidArgumentError(`not evidence: ${problem}`));
    const data = encodePayload({ kind: 'reportEvidence', statements: s });
    return new Promise((resolve, reject) =>
      this.o.replica.forward(data, {
        committed: (c) => (c.result?.ok ? resolve(c.result.detail) : reject(new ConflictError(c.result?.ok === false ? c.result.message : 'no result'))),
        forwarded: (leader) => resolve(`sent to the leader ${leader}`),
        failed: (e: RosterError) => reject(e),
      }),
    );
  }

  // ---------------------------------------------------------------- reads

  /** Facility keys as the applied state holds them, this node's own, and the quorum rule. */
  async keys(stale: boolean, signal?: CancelSignal): Promise<ListKeysReply> {
    if (!stale) this.admitRead('list facility keys');
    const { value } = await this.o.replica.read((s) => ({ keys: s.ledger.keyring.all(), facilities: s.ledger.facilities, quorum: s.ledger.quorum() }), stale, signal);
    const voters = new Set(value.facilities);
    const key = (k: { facility: string; publicKey: Buffer; fingerprint: string; registeredAt: number }): FacilityKey => ({
      facility: k.facility,
      publicKey: k.publicKey,
      fingerprint: k.fingerprint,
      registeredAt: k.registeredAt,
      voter: voters.has(k.facility),
    });
    const id = this.o.identity;
    return {
      keys: value.keys.map(key),
      ...(id ? { self: { facility: this.o.self, publicKey: Buffer.from(id.publicKey), fingerprint: fingerprint(id.publicKey), registeredAt: 0, voter: voters.has(this.o.self) } } : {}),
      facilities: value.quorum.n,
      faultsDetected: value.quorum.f,
      quorum: value.quorum.q,
      selfProblem: this.o.registrar.problem() ?? '',
    };
  }

  /** Refuses a linearizable read at once in a minority, like the schedule's reads. */
  admitRead(action: string): void {
    const admission = this.o.policy.admit('read', action);
    if (admission.route === 'refuse') {
      this.o.metrics?.partitionRefusals.inc({ class: 'read' });
      throw admission.error;
    }
  }

  /** Runs `read` on the applied ledger: linearizable unless `stale` (the caller admits the read first). */
  async readLedger<T>(read: (book: ReplicatedState['ledger']) => T, stale: boolean, signal?: CancelSignal): Promise<{ value: T; applied: number }> {
    return this.o.replica.read((s) => read(s.ledger), stale, signal);
  }

  /** This node's key fingerprint ('' without a key). */
  fingerprint(): string {
    return this.o.identity?.fingerprint ?? '';
  }

  /** Why this node's signatures would not be accepted now; undefined when they would. */
  signingProblem(): string | undefined {
    return this.o.registrar.problem();
  }

  appliedIndex(): number {
    return this.o.replica.appliedState().applied;
  }

  headWatch(): HeadWatch {
    return this.o.heads;
  }

  divergences(): ReturnType<DivergenceWatch['divergences']> {
    return this.o.divergence.divergences();
  }
}

/** Votes by digest (hex), from the answers that carry one. */
function tallyVotes(answers: readonly Answer[]): Map<string, SignedVote[]> {
  const out = new Map<string, SignedVote[]>();
  for (const a of answers) {
    if ('error' in a || !a.reply.vote) continue;
    const k = Buffer.from(a.reply.vote.digest).toString('hex');
    out.set(k, [...(out.get(k) ?? []), a.reply.vote]);
  }
  return out;
}

function describeAnswers(answers: readonly Answer[], digest: Uint8Array): string {
  return answers
    .map((a) => {
      if ('error' in a) return `${a.facility}: unreachable (${a.error})`;
      if (a.reply.vote && sameBytes(a.reply.vote.digest, digest)) return `${a.facility}: signed`;
      return `${a.facility}: ${a.reply.refusal || 'no vote'}`;
    })
    .join('; ');
}
