import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import type { MoveRequest, SwapRequest } from '../../node/wire/generated/rosterd/v1/index.ts';
import { Roster, type Filled } from '../protos.ts';
import { usageError } from '../errors.ts';
import { checkId } from '../validate.ts';
import { lockTokens, runWrite, withLockTokenOption, withRequestIdOption, writeHeader } from './write.ts';

/** `swap` (exchange two assignments) and `move` (hand one over, or change its slot). Both are all or nothing. */
export function registerSwap(program: Command, environment: Environment, setExit: ExitSink): void {
  withLockTokenOption(
    withRequestIdOption(
      program
        .command('swap')
        .summary("exchange two people's assignments atomically")
        .description(
          "exchange two people's assignments atomically: PERSON_A takes PERSON_B's slot and PERSON_B takes PERSON_A's " +
            '(in one block, or across two with --other-block); pools and double booking are checked on the result',
        )
        .argument('<PERSON_A>', 'first person id')
        .argument('<PERSON_B>', 'second person id')
        .requiredOption('--block <id>', "block of PERSON_A's assignment (and PERSON_B's, unless --other-block)")
        .option('--other-block <id>', "block of PERSON_B's assignment, when it is another block"),
    ),
  ).action(
    action<Filled<SwapRequest>>(environment, setExit, {
      parse: ([a = '', b = ''], o) => {
        const first = { person: checkId('PERSON_A', a), block: checkId('--block', String(o['block'])) };
        const second = { person: checkId('PERSON_B', b), block: o['otherBlock'] === undefined ? first.block : checkId('--other-block', String(o['otherBlock'])) };
        if (first.person === second.person) throw usageError('PERSON_B: must differ from PERSON_A');
        return { header: writeHeader(o), exchange: { first, second }, lockTokens: lockTokens(o) };
      },
      run: (inv, request) => {
        const { first, second } = request.exchange;
        return runWrite(inv, Roster.Swap, request, `swapped ${first.person} (block ${first.block}) and ${second.person} (block ${second.block})`);
      },
    }),
  );

  withLockTokenOption(
    withRequestIdOption(
      program
        .command('move')
        .summary('move an assignment to another person, facility or pool atomically')
        .description("move PERSON's assignment in a block to another person (--to) and/or another facility and pool, atomically")
        .argument('<PERSON>', 'person whose assignment moves')
        .requiredOption('--block <id>', 'block id')
        .option('--to <person>', 'hand the assignment over to this person (who must be free in the block)')
        .option('--facility <id>', 'move it to this facility (default: the same)')
        .option('--pool <id>', 'move it to this pool (default: the same)'),
    ),
  ).action(
    action<Filled<MoveRequest>>(environment, setExit, {
      parse: ([person = ''], o) => {
        const opt = (name: string, flag: string): string => (o[name] === undefined ? '' : checkId(flag, String(o[name])));
        const move = {
          person: checkId('PERSON', person),
          block: checkId('--block', String(o['block'])),
          toPerson: opt('to', '--to'),
          toFacility: opt('facility', '--facility'),
          toPool: opt('pool', '--pool'),
        };
        if (move.toPerson === '' && move.toFacility === '' && move.toPool === '') throw usageError('--to: give --to, --facility or --pool (what should change?)');
        return { header: writeHeader(o), move, lockTokens: lockTokens(o) };
      },
      run: (inv, request) => runWrite(inv, Roster.Move, request, `moved ${request.move.person}'s assignment in block ${request.move.block}`),
    }),
  );
}
