/**
 * The block's N-1 contingency report (Roster.Contingency): who the schedule cannot do
 * without, failed findings first, then gaps that can be covered, then the summary.
 */
import { html, NOTHING, type Html } from './html.ts';
import type { ContingencyView } from './view.ts';

/** The report; nothing while there is no block. */
export function renderContingency(c: ContingencyView | null): Html {
  if (c === null) return NOTHING;
  const baseline = c.baseline.length === 0 ? NOTHING : html`<p class="baseline">Below their reserve before any loss: ${c.baseline.join(', ')}</p>`;
  const findings = c.findings.map((f) => html`<li class="${f.outcome}" data-lost="${f.lost.join(',')}">${f.message}</li>`);
  return html`<p class="heading">${c.heading}</p>${baseline}${c.findings.length > 0 ? html`<ul class="findings">${findings}</ul>` : NOTHING}
${c.unlisted > 0 ? html`<p>… and ${c.unlisted} more findings (rosterctl contingency --json lists them).</p>` : NOTHING}<p class="summary">${c.summary}</p>`;
}
