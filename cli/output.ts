import Table from 'cli-table3';
import type { CliError } from './errors.ts';

/**
 * What rosterctl prints. Results go to stdout, as aligned plain-text tables for people
 * or as one JSON document with --json; errors are one line on stderr
 * (`rosterctl: ...`), or `{ "error": { "code", "message" } }` on stdout with --json so
 * that a script reading stdout always gets JSON.
 */

/** Where output goes; the process streams in rosterctl.ts, buffers in tests. */
export interface Sink {
  stdout(text: string): void;
  stderr(text: string): void;
}

export class Output {
  constructor(
    private readonly sink: Sink,
    /** True with --json. */
    readonly json: boolean,
  ) {}

  /** Prints a command's result: `value` as JSON with --json, else `human()` as text. */
  result(value: unknown, human: () => string): void {
    if (this.json) this.sink.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else this.sink.stdout(ensureNewline(human()));
  }

  /** One item of a stream: one line of compact JSON with --json (NDJSON), else `human()`. */
  line(value: unknown, human: () => string): void {
    if (this.json) this.sink.stdout(`${JSON.stringify(value)}\n`);
    else this.sink.stdout(ensureNewline(human()));
  }

  /** A remark for people only (e.g. how stale a read may be); never printed with --json. */
  note(text: string): void {
    if (!this.json) this.sink.stderr(ensureNewline(text));
  }

  /** Reports the error a command ended with. */
  error(error: CliError): void {
    if (this.json) this.sink.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)}\n`);
    // One line, whatever the message: scripts and logs take stderr line by line.
    else this.sink.stderr(`rosterctl: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
  }
}

// No borders and no colours: tables stay readable in a pipe, a log or `grep`.
const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};

/** Renders rows under upper-case column titles, columns separated by two spaces. */
export function renderTable(head: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const table = new Table({
    head: [...head],
    chars: PLAIN_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  for (const row of rows) table.push(row.map(String));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** Shown for a value that is unknown (e.g. the term of an unreachable member). */
export const UNKNOWN_CELL = '-';

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
