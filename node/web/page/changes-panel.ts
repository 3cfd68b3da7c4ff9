/** Recent changes to the block, newest first, as the node applied them (its watch stream). */
import { clock, html, type Html } from './html.ts';
import type { ChangeView } from './view.ts';

/** The list of changes; a sentence when none has been seen. */
export function renderChanges(changes: readonly ChangeView[]): Html {
  if (changes.length === 0) return html`<p class="empty">No change to this block in the retained log.</p>`;
  return html`<ol class="changes">${changes.map(
    (c) => html`<li data-index="${c.index}"><span class="index">#${c.index}</span> <time>${clock(c.timestampMs)}</time> <span class="kind">${c.kind}</span> ${c.detail}</li>`,
  )}</ol>`;
}
