/**
 * HTML built as strings, with every interpolated value escaped unless it is a fragment
 * this module built: a panel is a pure function from view data to an Html fragment, so it
 * can be tested without a browser, and names, reasons and ids from the schedule can never
 * become markup.
 */

/** A fragment of trusted HTML (built by `html`). */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `s` with &, <, >, " and ' replaced by entities: safe in text and in quoted attributes. */
export function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A value as HTML: fragments as they are, arrays joined, null/undefined/false as nothing, the rest escaped. */
function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escape(String(value));
}

/** Tagged template: html`<td>${name}</td>` escapes `name`; nested html`` fragments stay markup. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** The empty fragment: a panel with nothing to show renders this. */
export const NOTHING = new Html('');

/** A time of day, HH:MM:SS in UTC (what the log clock and the server stamp). */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
