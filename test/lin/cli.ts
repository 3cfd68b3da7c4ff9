/**
 * `npm run lin -- check --format jepsen --model register FILE...`: checks recorded
 * histories and prints one verdict line per file. Exit status: 0 when every file is
 * linearizable, 1 when some file is not, 2 on usage errors, unreadable or malformed
 * files, or checks that ran out of time (an error outranks a violation, as with grep).
 */
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { check } from './check.ts';
import { formatCounterexample } from './format.ts';
import type { Operation } from './history.ts';
import { JepsenParseError, parseJepsenLog } from './jepsen.ts';
import { registerModel, type RegisterInput, type RegisterOutput } from './models/register.ts';

const EXIT_OK = 0;
const EXIT_NOT_LINEARIZABLE = 1;
const EXIT_ERROR = 2;

interface CheckFlags {
  format: 'jepsen';
  model: 'register';
  showCounterexample: boolean;
  timeout: number;
}

function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return value;
}

/** Checks one file, printing its verdict; returns the file's exit status. */
async function checkFile(file: string, flags: CheckFlags): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    console.log(`${file} error: cannot read: ${(err as Error).message}`);
    return EXIT_ERROR;
  }
  if (text.trim() === '') {
    // Far more likely a broken recording than a test that did nothing.
    console.log(`${file} error: empty file`);
    return EXIT_ERROR;
  }
  let history: Operation<RegisterInput, RegisterOutput>[];
  try {
    history = parseJepsenLog(text);
  } catch (err) {
    if (!(err instanceof JepsenParseError)) throw err;
    console.log(`${file} error: ${err.message}`);
    return EXIT_ERROR;
  }
  // Shrinking costs extra searches; only pay for it when the counterexample is shown.
  const result = check(registerModel, history, {
    timeoutMs: flags.timeout * 1000,
    minimize: flags.showCounterexample,
  });
  if (result.linearizable === true) {
    console.log(`${file} linearizable`);
    return EXIT_OK;
  }
  if (result.linearizable === 'unknown') {
    console.log(`${file} unknown: ${result.reason} (--timeout ${flags.timeout})`);
    return EXIT_ERROR;
  }
  console.log(`${file} not-linearizable`);
  if (flags.showCounterexample) {
    console.log(formatCounterexample(registerModel, result.counterexample));
    console.log('  (times are line numbers in the log)');
  }
  return EXIT_NOT_LINEARIZABLE;
}

const program = new Command('lin')
  .description('Linearizability checker for recorded client histories')
  // Own the exit codes: commander would exit 1 on a usage error, which means "violation" here.
  .exitOverride()
  .showHelpAfterError();

program
  .command('check')
  .description('check each history file; prints "FILE linearizable", "FILE not-linearizable" or "FILE error: why"')
  .addOption(new Option('--format <format>', 'history file format').choices(['jepsen']).default('jepsen'))
  .addOption(new Option('--model <model>', 'sequential specification').choices(['register']).default('register'))
  .option('--show-counterexample', 'print the shortest failing sub-history found', false)
  .option('--timeout <seconds>', 'give up on a file after this long (verdict "unknown")', seconds, 60)
  .argument('<files...>', 'history files')
  .action(async (files: string[], flags: CheckFlags) => {
    let status = EXIT_OK;
    for (const file of files) {
      // Statuses are ordered by severity, so the worst file decides.
      status = Math.max(status, await checkFile(file, flags));
    }
    process.exitCode = status;
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  // Help and --version also arrive here, with exit code 0.
  process.exitCode = err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
}
