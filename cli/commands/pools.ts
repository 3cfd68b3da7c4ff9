import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { renderTable } from '../output.ts';
import type { GetPoolsRequest, SetPoolsRequest } from '../../node/wire/generated/rosterd/v1/index.ts';
import { Roster, type Filled } from '../protos.ts';
import { checkId, checkPool, checkPoolTable } from '../validate.ts';
import { headerJson, noteStaleness } from './read.ts';
import { runWrite, withRequestIdOption, writeHeader } from './write.ts';

/**
 * `pools show` and `pools set`: a facility's bulkhead table. Per block, a pool holds at
 * most CAPACITY people; its first RESERVED are its own seats, which no other pool can
 * take; beyond them it borrows seats of the flex pool, at most BORROW_LIMIT, while the
 * flex pool has seats to lend (it never lends its own reserved ones).
 */
export function registerPools(program: Command, environment: Environment, setExit: ExitSink): void {
  const pools = program.command('pools').description("show or set a facility's pools (bulkheads)");
  pools
    .command('show')
    .description("show a facility's pools, and with --block how full each is")
    .requiredOption('--facility <id>', 'facility id')
    .option('--block <id>', 'show what each pool holds in this block and how many more fit')
    .option('--stale', "serve from the answering node's state (faster, may be stale)")
    .action(
      action<Filled<GetPoolsRequest>>(environment, setExit, {
        parse: (_args, o) => ({
          facility: checkId('--facility', String(o['facility'])),
          block: o['block'] === undefined ? '' : checkId('--block', String(o['block'])),
          read: { stale: o['stale'] === true },
        }),
        run: async (inv, request) => {
          const reply = await inv.rpc().call(Roster.GetPools, request);
          const rows = reply.pools.map((u) => ({
            name: u.pool?.name ?? '',
            capacity: u.pool?.capacity ?? 0,
            reserved: u.pool?.reserved ?? 0,
            borrowLimit: u.pool?.borrowLimit ?? 0,
            flex: u.pool?.flex ?? false,
            ...(request.block ? { assigned: u.assigned, borrowed: u.borrowed, lent: u.lent, left: u.left } : {}),
          }));
          inv.out.result({ facility: reply.facility, custom: reply.custom, block: request.block || null, pools: rows, header: headerJson(reply.header) }, () => {
            const title = `facility ${reply.facility} pools (${reply.custom ? 'set by pools set' : 'configured defaults'})${request.block ? `, block ${request.block}` : ''}`;
            const head = ['POOL', 'CAPACITY', 'RESERVED', 'BORROW', 'FLEX', ...(request.block ? ['ASSIGNED', 'BORROWED', 'LENT', 'LEFT'] : [])];
            const table = renderTable(
              head,
              reply.pools.map((u) => [
                u.pool?.name ?? '',
                u.pool?.capacity ?? 0,
                u.pool?.reserved ?? 0,
                u.pool?.borrowLimit ?? 0,
                u.pool?.flex ? 'yes' : '',
                ...(request.block ? [u.assigned, u.borrowed, u.lent, u.left] : []),
              ]),
            );
            return `${title}\n${table}`;
          });
          noteStaleness(inv, request.read.stale, reply.header);
        },
      }),
    );

  withRequestIdOption(
    pools
      .command('set')
      .description(
        "replace a facility's pool table (every block); refused if a block's current assignments would not fit. " +
          'Each --pool is NAME:CAPACITY:RESERVED:BORROW_LIMIT, plus :flex for the flex pool',
      )
      .requiredOption('--facility <id>', 'facility id')
      .requiredOption('--pool <spec...>', 'a pool, e.g. ICU:6:5:1 or Flex:2:0:0:flex (repeat for each pool, in display order)'),
  ).action(
    action<Filled<SetPoolsRequest>>(environment, setExit, {
      parse: (_args, o) => {
        const specs = (o['pool'] as string[]).map((p) => checkPool('--pool', p));
        checkPoolTable('--pool', specs);
        return { header: writeHeader(o), facility: checkId('--facility', String(o['facility'])), pools: specs };
      },
      run: (inv, request) => runWrite(inv, Roster.SetPools, request, `set the pools of facility ${request.facility}`),
    }),
  );
}
