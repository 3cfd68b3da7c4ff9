import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import type { ContingencyRequest } from '../../node/wire/generated/rosterd/v1/index.ts';
import { Roster, type Filled } from '../protos.ts';
import { checkId, checkIndex, quote } from '../validate.ts';
// The modules themselves, not the folder's index: rosterctl must not load the state
// machine's codec (protobufjs) to print a usage line.
import { MAX_LOSE } from '../../node/schedule/contingency.ts';
import { MAX_EXHAUSTIVE_SCENARIOS, SAMPLED_SCENARIOS } from '../../node/schedule/loss-scenarios.ts';
import { headerJson, noteStaleness } from './read.ts';
/** Seed of the sample when none is given: any fixed value, printed with the report so a run can be repeated. */
export const DEFAULT_SEED = 1;

/** Parses --lose: a whole number 1..MAX_LOSE. */
function checkLose(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_LOSE) throw usageError(`--lose: ${quote(value)} is not a whole number from 1 to ${MAX_LOSE}`);
  return n;
}

/** Parses --blast-radius: a fraction in (0, 1], e.g. 0.05. */
function checkFraction(value: string): number {
  const n = /^(0|1)?(\.\d+)?$/.test(value) && value !== '' && value !== '.' ? Number(value) : NaN;
  if (!(n > 0 && n <= 1)) throw usageError(`--blast-radius: ${quote(value)} is not a fraction greater than 0 and at most 1 (e.g. 0.05)`);
  return n;
}

/**
 * `contingency`: the faculty-loss experiments of a block, computed by the cluster
 * (Roster.Contingency, a read: linearizable unless --stale, refused at once in a
 * minority). Prints the report the server words, so every client says the same.
 */
export function registerContingency(program: Command, environment: Environment, setExit: ExitSink): void {
  program
    .command('contingency')
    .summary("what losing people does to a block's pools (N-1 and N-K experiments)")
    .description(
      'contingency experiments on a block: for every person assigned (or every group of K with --lose K, or a fraction of them with ' +
        '--blast-radius), would losing them leave a pool below its reserved seats, and can the gap be covered within the pool rules ' +
        '(people of the same role and home facility who hold nothing in the block, flex staff, borrowers of another pool)? ' +
        `Every combination is checked when there are at most ${MAX_EXHAUSTIVE_SCENARIOS}, else ${SAMPLED_SCENARIOS} drawn from --seed; the report says which.`,
    )
    .requiredOption('--block <id>', 'block id')
    .option('--facility <id>', 'only lose people assigned at this facility')
    .option('--lose <K>', `people lost at once, 1..${MAX_LOSE} (default 1)`)
    .option('--blast-radius <fraction>', 'instead of --lose: this fraction of the people assigned, rounded up (e.g. 0.05)')
    .option('--seed <n>', `seed of the sample when there are too many combinations (default ${DEFAULT_SEED})`)
    .option('--stale', "serve from the answering node's state (faster, may be stale; also in a minority)")
    .action(
      action<Filled<ContingencyRequest>>(environment, setExit, {
        parse: (_args, o) => {
          if (o['lose'] !== undefined && o['blastRadius'] !== undefined) throw usageError('--lose and --blast-radius exclude each other: give one');
          const seed = o['seed'] === undefined ? DEFAULT_SEED : checkIndex('--seed', String(o['seed']), true);
          if (seed > 0xffffffff) throw usageError(`--seed: ${quote(String(o['seed']))} is larger than ${0xffffffff}`);
          return {
            block: checkId('--block', String(o['block'])),
            facility: o['facility'] === undefined ? '' : checkId('--facility', String(o['facility'])),
            lose: o['lose'] === undefined ? 0 : checkLose(String(o['lose'])),
            blastRadius: o['blastRadius'] === undefined ? 0 : checkFraction(String(o['blastRadius'])),
            seed,
            read: { stale: o['stale'] === true },
          };
        },
        run: async (inv, request) => {
          const reply = await inv.rpc().call(Roster.Contingency, request);
          // JSON has no Infinity: more combinations than 2^53 print as null.
          inv.out.result({ ...reply, possible: Number.isFinite(reply.possible) ? reply.possible : null, header: headerJson(reply.header) }, () => reply.report);
          noteStaleness(inv, request.read.stale, reply.header);
        },
      }),
    );
}
