import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { renderTable } from '../output.ts';
import type { AcquireLockRequest, GetLocksRequest, Lock__Output, ReleaseLockRequest, RenewLockRequest } from '../../node/wire/generated/rosterd/v1/index.ts';
import { Roster, type Filled } from '../protos.ts';
import { checkDuration, checkId, checkIndex, MAX_TTL_MS, MIN_TTL_MS } from '../validate.ts';
import { headerJson, noteStaleness } from './read.ts';
import { runWrite, withRequestIdOption, writeHeader } from './write.ts';

/** Default lease of `lock acquire` and `lock renew`. */
export const DEFAULT_TTL = '5m';

function scope(o: Readonly<Record<string, unknown>>): { block: string; facility: string } {
  return {
    block: checkId('--block', String(o['block'])),
    facility: o['facility'] === undefined ? '' : checkId('--facility', String(o['facility'])),
  };
}

function scopeText(l: { block: string; facility: string }): string {
  return l.facility ? `block ${l.block} at facility ${l.facility}` : `block ${l.block}`;
}

function lockJson(lock: Lock__Output | null): Record<string, unknown> {
  return { lock };
}

/** An ISO time for a log-clock timestamp (ms since the epoch), or the number if Date cannot show it. */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms} ms` : d.toISOString();
}

/**
 * `lock acquire | renew | release | show`: exclusive leased locks on a block or on one
 * facility's part of it. The token printed by acquire is the fencing token: pass it as
 * --lock-token to every assign, unassign, swap and move of that block while you hold it.
 */
export function registerLocks(program: Command, environment: Environment, setExit: ExitSink): void {
  const lock = program.command('lock').description('schedule locks with fencing tokens (acquire, renew, release, show)');

  withRequestIdOption(
    lock
      .command('acquire')
      .description('lock a block (or one facility\'s part of it) for editing; prints the fencing token')
      .requiredOption('--block <id>', 'block id')
      .option('--facility <id>', "lock only this facility's part of the block")
      .requiredOption('--holder <id>', 'who holds the lock (shown to anyone refused)')
      .option('--ttl <duration>', `lease length, 1s..24h (e.g. 90s, 10m); default ${DEFAULT_TTL}`, DEFAULT_TTL)
      .option('--print-token', 'print only the fencing token (for scripts: TOKEN=$(rosterctl lock acquire ... --print-token))'),
  ).action(
    action<Filled<AcquireLockRequest> & { printToken: boolean }>(environment, setExit, {
      parse: (_args, o) => ({
        header: writeHeader(o),
        lock: { ...scope(o), holder: checkId('--holder', String(o['holder'])), ttlMs: checkDuration('--ttl', String(o['ttl']), MIN_TTL_MS, MAX_TTL_MS) },
        printToken: o['printToken'] === true,
      }),
      run: async (inv, { printToken, ...request }) => {
        if (printToken) {
          const reply = await inv.rpc().call(Roster.AcquireLock, request, { requestId: request.header.requestId });
          inv.out.line(reply.lock?.token ?? null, () => String(reply.lock?.token ?? ''));
          return;
        }
        await runWrite(inv, Roster.AcquireLock, request, `locked ${scopeText(request.lock)}`, (r) => ({ token: r.lock?.token ?? null, ...lockJson(r.lock) }));
      },
    }),
  );

  withRequestIdOption(
    lock
      .command('renew')
      .description('extend a lock you hold (it must not have expired)')
      .requiredOption('--block <id>', 'block id')
      .option('--facility <id>', "the facility's part, if that is what is locked")
      .requiredOption('--token <token>', 'the fencing token from lock acquire')
      .option('--ttl <duration>', `new lease length from now, 1s..24h; default ${DEFAULT_TTL}`, DEFAULT_TTL),
  ).action(
    action<Filled<RenewLockRequest>>(environment, setExit, {
      parse: (_args, o) => ({
        header: writeHeader(o),
        lock: { ...scope(o), token: checkIndex('--token', String(o['token'])), ttlMs: checkDuration('--ttl', String(o['ttl']), MIN_TTL_MS, MAX_TTL_MS) },
      }),
      run: (inv, request) => runWrite(inv, Roster.RenewLock, request, `renewed the lock on ${scopeText(request.lock)}`, (r) => lockJson(r.lock)),
    }),
  );

  withRequestIdOption(
    lock
      .command('release')
      .description('release a lock you hold')
      .requiredOption('--block <id>', 'block id')
      .option('--facility <id>', "the facility's part, if that is what is locked")
      .requiredOption('--token <token>', 'the fencing token from lock acquire'),
  ).action(
    action<Filled<ReleaseLockRequest>>(environment, setExit, {
      parse: (_args, o) => ({ header: writeHeader(o), lock: { ...scope(o), token: checkIndex('--token', String(o['token'])) } }),
      run: (inv, request) => runWrite(inv, Roster.ReleaseLock, request, `released the lock on ${scopeText(request.lock)}`, (r) => lockJson(r.lock)),
    }),
  );

  lock
    .command('show')
    .description('show the locks on a block (expired ones too), judged by the log clock')
    .requiredOption('--block <id>', 'block id')
    .option('--stale', "serve from the answering node's state (faster, may be stale)")
    .action(
      action<Filled<GetLocksRequest>>(environment, setExit, {
        parse: (_args, o) => ({ block: checkId('--block', String(o['block'])), read: { stale: o['stale'] === true } }),
        run: async (inv, request) => {
          const reply = await inv.rpc().call(Roster.GetLocks, request);
          const locks = reply.locks.map((l) => ({ ...l }));
          inv.out.result({ block: request.block, locks, logClockMs: reply.logClockMs, header: headerJson(reply.header) }, () => {
            if (locks.length === 0) return `block ${request.block} is not locked`;
            return renderTable(
              ['SCOPE', 'HOLDER', 'TOKEN', 'EXPIRES', 'STATE'],
              // The server judges leases by its log clock, which only moves with writes; a lease
              // past its expiry by this machine's clock is expired for the next edit anyway.
              locks.map((l) => [l.facility ? `facility ${l.facility}` : 'whole block', l.holder, l.token, isoTime(l.expiresAtMs), l.expired || Date.now() >= l.expiresAtMs ? 'expired' : 'held']),
            );
          });
          noteStaleness(inv, request.read.stale, reply.header);
        },
      }),
    );
}
