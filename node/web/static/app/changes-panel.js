import { clock, html } from "./html.js";
export function renderChanges(changes) {
    if (changes.length === 0)
        return html `<p class="empty">No change to this block in the retained log.</p>`;
    return html `<ol class="changes">${changes.map((c) => html `<li data-index="${c.index}"><span class="index">#${c.index}</span> <time>${clock(c.timestampMs)}</time> <span class="kind">${c.kind}</span> ${c.detail}</li>`)}</ol>`;
}
