import { html, NOTHING } from "./html.js";
export function renderContingency(c) {
    if (c === null)
        return NOTHING;
    const baseline = c.baseline.length === 0 ? NOTHING : html `<p class="baseline">Below their reserve before any loss: ${c.baseline.join(', ')}</p>`;
    const findings = c.findings.map((f) => html `<li class="${f.outcome}" data-lost="${f.lost.join(',')}">${f.message}</li>`);
    return html `<p class="heading">${c.heading}</p>${baseline}${c.findings.length > 0 ? html `<ul class="findings">${findings}</ul>` : NOTHING}
${c.unlisted > 0 ? html `<p>… and ${c.unlisted} more findings (rosterctl contingency --json lists them).</p>` : NOTHING}<p class="summary">${c.summary}</p>`;
}
