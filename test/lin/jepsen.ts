/**
 * Reads Jepsen's textual operation log (as `jepsen.util` prints it) for a register test
 * (read / write / cas) into a register history.
 */
import { PENDING, type Operation } from './history.ts';
import type { RegisterInput, RegisterOutput, RegisterValue } from './models/register.ts';

/** Input that is not a well-formed Jepsen register log; `line` is 1-based. */
export class JepsenParseError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'JepsenParseError';
  }
}

const EVENT = /jepsen\.util\s+-\s+(\S+)\s+:(\S+)\s+:(\S+)(?:\s+(.*?))?\s*$/;
const INTEGER = /^-?\d+$/;

function parseValue(text: string, line: number): RegisterValue {
  if (text === 'nil') return null;
  if (INTEGER.test(text)) return Number(text);
  throw new JepsenParseError(line, `unsupported value ${JSON.stringify(text)} (expected nil or an integer)`);
}

function parseInput(f: string, value: string | undefined, line: number): RegisterInput {
  const text = value ?? '';
  switch (f) {
    case 'read':
      return { f: 'read' };
    case 'write':
      return { f: 'write', value: parseValue(text, line) };
    case 'cas': {
      const pair = /^\[\s*(\S+)\s+(\S+)\s*\]$/.exec(text);
      if (pair === null) throw new JepsenParseError(line, `cas expects [FROM TO], got ${JSON.stringify(text)}`);
      return { f: 'cas', from: parseValue(pair[1]!, line), to: parseValue(pair[2]!, line) };
    }
    default:
      throw new JepsenParseError(line, `unknown operation :${f} (expected :read, :write or :cas)`);
  }
}

interface Outstanding {
  line: number;
  f: string;
  value: string | undefined;
  input: RegisterInput;
}

/**
 * Parses a Jepsen register log into a history whose times are line numbers.
 * - `:ok` completes the process's outstanding call; `:fail` means it did not take effect,
 *   so the operation is dropped; `:info` (and a call still outstanding at the end of the
 *   log) leaves it pending forever: it may or may not have taken effect.
 * - Blank lines and `:nemesis` events are skipped; any other line that is not a client
 *   event, or an event that contradicts its process's state, throws `JepsenParseError`.
 */
export function parseJepsenLog(text: string): Operation<RegisterInput, RegisterOutput>[] {
  const outstanding = new Map<string, Outstanding>();
  const operations: Operation<RegisterInput, RegisterOutput>[] = [];
  const lines = text.split(/\r?\n/);

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const match = EVENT.exec(raw);
    if (match === null) throw new JepsenParseError(line, 'not a jepsen.util operation event');
    const [, process, type, f, value] = match as unknown as [string, string, string, string, string | undefined];
    if (process === ':nemesis') return;
    const clientId = INTEGER.test(process) ? Number(process) : process;
    const open = outstanding.get(process);

    if (type === 'invoke') {
      if (open !== undefined) {
        throw new JepsenParseError(line, `process ${process} invoked while its call from line ${open.line} is outstanding`);
      }
      outstanding.set(process, { line, f, value, input: parseInput(f, value, line) });
      return;
    }
    if (type !== 'ok' && type !== 'fail' && type !== 'info') {
      throw new JepsenParseError(line, `unknown event type :${type} (expected :invoke, :ok, :fail or :info)`);
    }
    if (open === undefined) throw new JepsenParseError(line, `process ${process} completed a call it never invoked`);
    if (open.f !== f) {
      throw new JepsenParseError(line, `process ${process} invoked :${open.f} (line ${open.line}) but completed :${f}`);
    }
    outstanding.delete(process);
    if (type === 'fail') return;
    if (type === 'info') {
      operations.push({ clientId, input: open.input, call: open.line, return: PENDING });
      return;
    }
    let output: RegisterOutput;
    if (open.input.f === 'read') {
      output = { value: parseValue(value ?? '', line) };
    } else {
      if ((value ?? '') !== (open.value ?? '')) {
        throw new JepsenParseError(line, `:ok ${f} value ${value} differs from the invoked ${open.value} (line ${open.line})`);
      }
      output = { ok: true };
    }
    operations.push({ clientId, input: open.input, output, call: open.line, return: line });
  });

  for (const [process, open] of outstanding) {
    const clientId = INTEGER.test(process) ? Number(process) : process;
    operations.push({ clientId, input: open.input, call: open.line, return: PENDING });
  }
  return operations.sort((a, b) => a.call - b.call);
}
