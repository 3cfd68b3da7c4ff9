import { html } from "./html.js";
function row(c) {
    return html `<tr data-coverage="${c.id}" class="${c.status.toLowerCase()}${c.provisional ? ' provisional' : ''}"><td><code>${c.id}</code></td><td>${c.facility}</td><td>${c.write}${c.reason ? html `<br><small>${c.reason}</small>` : ''}</td>
<td>${c.provisional ? 'provisional, ' : ''}${c.status.toLowerCase()}${c.conflict ? html `<br><small>${c.conflict}</small>` : ''}</td><td>${c.index || '-'}</td></tr>`;
}
export function renderCoverage(items) {
    if (items.length === 0)
        return html `<p class="empty">No emergency coverage in this block.</p>`;
    const conflicts = items.filter((c) => c.status === 'CONFLICT');
    const waiting = conflicts.length === 0
        ? html `<p class="ok">No conflict waits for a coordinator.</p>`
        : html `<p class="warn"><strong>${conflicts.length}</strong> conflict${conflicts.length === 1 ? '' : 's'} wait${conflicts.length === 1 ? 's' : ''} for a coordinator: ${conflicts.map((c, i) => html `${i > 0 ? ', ' : ''}<code>${c.id}</code>`)}</p>`;
    const ordered = [...conflicts, ...items.filter((c) => c.status !== 'CONFLICT')];
    return html `${waiting}<table class="coverage"><thead><tr><th scope="col">id</th><th scope="col">accepted at</th><th scope="col">write</th><th scope="col">status</th><th scope="col">log index</th></tr></thead><tbody>${ordered.map(row)}</tbody></table>`;
}
