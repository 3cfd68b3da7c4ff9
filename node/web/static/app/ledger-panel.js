import { html, NOTHING } from "./html.js";
export function renderLedger(ledger) {
    if (ledger === undefined)
        return NOTHING;
    const rows = ledger.commitments.map((c) => html `<tr><td>${c.seq}</td><td>${c.version}</td><td><code>${c.digest.slice(0, 16)}</code></td><td>${c.signers.join(', ')}</td></tr>`);
    return html `<p>head <code>${ledger.head.slice(0, 16)}</code> at entry ${ledger.seq}</p>
${ledger.commitments.length === 0 ? html `<p class="empty">No commitment of this block yet.</p>` : html `<table><thead><tr><th scope="col">entry</th><th scope="col">version</th><th scope="col">digest</th><th scope="col">signed by</th></tr></thead><tbody>${rows}</tbody></table>`}`;
}
