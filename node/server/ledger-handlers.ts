import type { Logger } from 'pino';
import { InvalidArgumentError } from '../errors.ts';
import { evidenceToWire, statementsFromWire } from '../ledger/index.ts';
import type { LedgerService } from '../service/ledger-service.ts';
import { checkId } from '../schedule/index.ts';
import { unary } from './unary.ts';
import type * as ledger from '../wire/generated/rosterd/ledger/v1/index.ts';

/** Entries per GetLedger page when the request names no limit, and the most it may name. */
const DEFAULT_PAGE = 1000;
const MAX_PAGE = 10_000;

/**
 * The Ledger service: commitments (Commit, and RequestVote between facilities), the
 * ledger's pages, keys, this node's signed head with what it noticed, and evidence. Thin:
 * LedgerService decides; this translates.
 */
export function ledgerHandlers(service: LedgerService, cluster: string, log: Logger): ledger.LedgerHandlers {
  return {
    Commit: unary(log, 'Commit', async (req: ledger.CommitRequest__Output, signal): Promise<ledger.CommitReply> => {
      const o = await service.commit(req.block, signal);
      return { entry: o.entry, appended: o.appended, detail: o.detail };
    }),

    RequestVote: unary(log, 'RequestVote', (req: ledger.VoteRequest__Output) => service.vote(req)),

    GetLedger: unary(log, 'GetLedger', async (req: ledger.GetLedgerRequest__Output, signal): Promise<ledger.GetLedgerReply> => {
      if (req.block) {
        const invalid = checkId('block', req.block);
        if (invalid) throw new InvalidArgumentError(invalid);
      }
      if (req.limit > MAX_PAGE) throw new InvalidArgumentError(`limit is at most ${MAX_PAGE} entries (got ${req.limit})`);
      const limit = req.limit || DEFAULT_PAGE;
      const from = Math.max(1, req.fromSeq);
      if (!req.stale) service.admitRead('read the ledger');
      const keys = await service.keys(true);
      const { value, applied } = await service.readLedger(
        (book) => {
          const page = book.page(from, limit + 1, req.block || undefined);
          const head = book.head();
          return { entries: page.slice(0, limit), more: page.length > limit ? page[limit]!.seq : 0, head, facilities: book.facilities };
        },
        req.stale,
        signal,
      );
      return { cluster, entries: value.entries, headSeq: value.head.seq, headHash: value.head.hash, nextSeq: value.more, appliedIndex: applied, keys: keys.keys, facilities: [...value.facilities] };
    }),

    ListKeys: unary(log, 'ListKeys', (req: ledger.ListKeysRequest__Output, signal) => service.keys(req.stale, signal)),

    GetHead: unary(log, 'GetHead', async (): Promise<ledger.GetHeadReply> => {
      const watch = service.headWatch();
      return {
        head: watch.ownHead() ?? null,
        appliedIndex: service.appliedIndex(),
        splitViews: watch.splitViews().map((s) => ({ facility: s.facility, theirHead: s.theirHead, ourHash: s.ourHash, detail: s.detail })),
        divergences: service.divergences().map((d) => ({ block: d.block, version: d.version, seq: d.seq, committedDigest: d.committedDigest, localDigest: d.localDigest })),
      };
    }),

    ListEvidence: unary(log, 'ListEvidence', async (req: ledger.ListEvidenceRequest__Output, signal): Promise<ledger.ListEvidenceReply> => {
      if (!req.stale) service.admitRead('list evidence');
      const { value } = await service.readLedger((book) => book.evidence(), req.stale, signal);
      return { evidence: value.map(evidenceToWire) };
    }),

    ReportEvidence: unary(log, 'ReportEvidence', async (req: ledger.ReportEvidence__Output): Promise<ledger.ReportEvidenceReply> => {
      const statements = statementsFromWire(req);
      if (!statements) throw new InvalidArgumentError('evidence needs two statements of one kind (votes or heads)');
      return { detail: await service.reportEvidence(statements) };
    }),
  };
}
