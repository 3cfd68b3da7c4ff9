import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { renderTable } from '../output.ts';
import type { AddBlockRequest } from '../../node/wire/generated/rosterd/v1/index.ts';
import { Roster, type Filled } from '../protos.ts';
import { checkDate, checkDateRange, checkId } from '../validate.ts';
import { headerJson, noteStaleness, readAllPages } from './read.ts';
import { runWrite, withRequestIdOption, writeHeader } from './write.ts';

/** `block add` and `blocks list`. */
export function registerBlocks(program: Command, environment: Environment, setExit: ExitSink): void {
  const block = program.command('block').description('add rotation blocks');
  withRequestIdOption(
    block
      .command('add')
      .description('add a rotation block (an inclusive date range)')
      .argument('<ID>', 'block id')
      .requiredOption('--start <date>', 'first day, YYYY-MM-DD')
      .requiredOption('--end <date>', 'last day, YYYY-MM-DD'),
  ).action(
    action<Filled<AddBlockRequest>>(environment, setExit, {
      parse: ([id = ''], o) => {
        const blockId = checkId('ID', id);
        const start = checkDate('--start', String(o['start']));
        const end = checkDate('--end', String(o['end']));
        checkDateRange(start, end);
        return { header: writeHeader(o), block: { id: blockId, start, end } };
      },
      run: (inv, request) => runWrite(inv, Roster.AddBlock, request, `added block ${request.block.id}`),
    }),
  );

  const blocks = program.command('blocks').description('read rotation blocks');
  blocks
    .command('list')
    .description('list every block')
    .option('--stale', "serve from the answering node's state (faster, may be stale)")
    .action(
      action<{ stale: boolean }>(environment, setExit, {
        parse: (_args, o) => ({ stale: o['stale'] === true }),
        run: async (inv, { stale }) => {
          const { items, header } = await readAllPages(inv, Roster.ListBlocks, { read: { stale } }, (r) => r.blocks);
          // ISO dates sort chronologically as strings.
          const rows = items.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
          inv.out.result({ blocks: rows, header: headerJson(header) }, () =>
            renderTable(
              ['ID', 'START', 'END'],
              rows.map((b) => [b.id, b.start, b.end]),
            ),
          );
          noteStaleness(inv, stale, header);
        },
      }),
    );
}
