import { Command, CommanderError } from 'commander';
import { registerBlocks } from './commands/blocks.ts';
import { registerContingency } from './commands/contingency.ts';
import { registerCoverage } from './commands/coverage.ts';
import { registerFault } from './commands/fault.ts';
import { registerLeader } from './commands/leader.ts';
import { registerLedger } from './commands/ledger.ts';
import { registerLocks } from './commands/locks.ts';
import { registerMembers } from './commands/members.ts';
import { registerPeople } from './commands/people.ts';
import { registerPools } from './commands/pools.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerSnapshot } from './commands/snapshot.ts';
import { registerStatus } from './commands/status.ts';
import { registerSwap } from './commands/swap.ts';
import { registerWatch } from './commands/watch.ts';
import { DEFAULT_ENDPOINTS, ENDPOINTS_ENV } from './endpoints.ts';
import { usageError } from './errors.ts';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes.ts';
import type { Environment } from './invocation.ts';
import { Output } from './output.ts';
import { CACERT_ENV, CERT_ENV, KEY_ENV } from './client-tls.ts';
import { registerTls } from './commands/tls.ts';

/** Default of --timeout, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 5000;

const HELP_FOOTER = `
Endpoints: --endpoints, else $${ENDPOINTS_ENV}, else ${DEFAULT_ENDPOINTS.join(',')}.
Writes go to the leader (followers' redirects are followed) and carry one request id,
reused on every retry, so a retried write is applied at most once (the cluster keeps
request ids for 24 hours of log time, at most the 50,000 latest). While a block is
locked (lock acquire), its edits need --lock-token with the lock's fencing token.
${EXIT_CODES_HELP}`;

/** Builds the command tree. Every action reports through `setExit`. */
function buildProgram(environment: Environment, setExit: (code: ExitCode) => void): Command {
  const program = new Command('rosterctl')
    .description('Command-line client of rosterd, the replicated residency schedule')
    .option('--endpoints <list>', 'comma-separated host:port of rosterd nodes')
    .option('--json', 'print results (and errors) as JSON on stdout')
    .option('--timeout <ms>', 'overall deadline in milliseconds, retries included', String(DEFAULT_TIMEOUT_MS))
    .option('--cacert <file>', `mutual TLS: the cluster CA certificate (else $${CACERT_ENV})`)
    .option('--cert <file>', `mutual TLS: this client's certificate, with its role (else $${CERT_ENV})`)
    .option('--key <file>', `mutual TLS: the certificate's private key (else $${KEY_ENV}); with tls cert create --facility: the facility key file`)
    // Usage errors are reported by run() in rosterctl's own format and exit code (2),
    // so commander must neither print them nor exit. Inherited by every subcommand.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => environment.sink.stdout(text),
      writeErr: (text) => environment.sink.stderr(text),
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', HELP_FOOTER);

  registerStatus(program, environment, setExit);
  registerMembers(program, environment, setExit);
  registerLeader(program, environment, setExit);
  registerSnapshot(program, environment, setExit);
  registerPeople(program, environment, setExit);
  registerBlocks(program, environment, setExit);
  registerSchedule(program, environment, setExit);
  registerSwap(program, environment, setExit);
  registerPools(program, environment, setExit);
  registerLocks(program, environment, setExit);
  registerCoverage(program, environment, setExit);
  registerLedger(program, environment, setExit);
  registerContingency(program, environment, setExit);
  registerWatch(program, environment, setExit);
  registerFault(program, environment, setExit);
  registerTls(program, environment, setExit);
  return program;
}

/**
 * Runs rosterctl with `argv` (the arguments after the program name) and resolves to
 * the exit code. Never throws for anything the user or the cluster can cause.
 */
export async function run(argv: readonly string[], environment: Environment): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.OK;
  const program = buildProgram(environment, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // --help and --version: printed, done.
    if (e.exitCode === 0) return ExitCode.OK;
    // A command group without a subcommand: commander already printed its help to stderr.
    if (e.code === 'commander.help') return ExitCode.BAD_INPUT;
    // Commander's parse error ("error: missing required argument 'ID'", with the
    // argument's name): reported like any other usage error.
    new Output(environment.sink, argv.includes('--json')).error(usageError(e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')));
    return ExitCode.BAD_INPUT;
  }
}
