/**
 * The ledger's rows alone (they are also part of `npm run bench`): commitment latency of
 * a block of 100 assignments on three real nodes, and `ledger verify` of 10,000 entries.
 * Prints the table and, with --json FILE, writes the rows.
 *
 * Flags: --commits N (default 200), --entries N (default 10000), --runs N (default 3).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ledgerRows, printLedgerRows } from './ledger-rows.ts';

const { values } = parseArgs({ options: { commits: { type: 'string' }, entries: { type: 'string' }, runs: { type: 'string' }, json: { type: 'string' } }, strict: true });
const cpu = os.cpus();
console.log(`ledger benchmark: ${new Date().toISOString().slice(0, 10)}, ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), Node ${process.versions.node}, load average ${os.loadavg()[0]!.toFixed(2)}`);
const row = await ledgerRows({
  runs: Number(values.runs ?? 3),
  commits: Number(values.commits ?? 200),
  entries: Number(values.entries ?? 10_000),
  progress: (line) => process.stderr.write(line + '\n'),
});
printLedgerRows(row);
if (values.json) writeFileSync(values.json, JSON.stringify(row, null, 2) + '\n');
