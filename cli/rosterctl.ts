#!/usr/bin/env node
/**
 * rosterctl — the command-line client of rosterd.
 *
 * cli/ owns everything a user or a script meets on the command line: argument parsing
 * and local validation (program.ts, validate.ts, endpoints.ts), the commands
 * (commands/*.ts), the gRPC client with its deadline, leader redirects and retries
 * (client.ts, retry-policy.ts, protos.ts), output as tables or JSON (output.ts), and the
 * exit codes (exit-codes.ts). It talks to nodes only through proto/roster.proto and
 * proto/admin.proto; from node/ it takes nothing but the metadata keys of node/errors.ts,
 * the wire contract it shares with the server.
 *
 * Must not: import the daemon's internals, or retry a write with a new request id.
 *
 * Usage: node --import tsx cli/rosterctl.ts [--endpoints h:p,...] [--json] [--timeout ms] COMMAND
 */
import { run } from './program.ts';

const sink = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
};

const code = await run(process.argv.slice(2), { sink, env: process.env });
// Exit as soon as the answer is out rather than when the event loop runs dry: grpc-js
// does not abort a TCP connect in progress when a channel closes, so a member whose
// address is blackholed would keep the process alive for the kernel's SYN retries
// (about two minutes) after everything was printed. Output is flushed first.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
process.exit(code);
