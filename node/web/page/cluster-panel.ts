/**
 * The cluster: every member's own view (role, term, indexes, partition state, journal,
 * conflicts) and the links matrix: row X, column Y says whether X's frames reach Y, with
 * X's circuit breaker toward Y when it is not closed (as `rosterctl status` prints it).
 */
import { html, NOTHING, type Html } from './html.ts';
import type { ClusterView, MemberView } from './view.ts';

function memberRow(m: MemberView, leader: string, self: string): Html {
  const tags = html`${m.id === leader ? html` <span class="tag leader">leader</span>` : NOTHING}${m.id === self ? html` <span class="tag self">this page</span>` : NOTHING}`;
  if (!m.answered) {
    return html`<tr data-member="${m.id}" class="silent"><th scope="row">${m.id}${tags}</th><td colspan="6">did not answer (${m.address})</td></tr>`;
  }
  return html`<tr data-member="${m.id}" data-partition="${m.partitionState}"><th scope="row">${m.id}${tags}</th><td>${m.role}</td><td>${m.term}</td><td>${m.commitIndex} / ${m.appliedIndex}</td>
<td class="partition ${m.partitionState}">${m.partitionState}${m.isolated ? ' (isolated)' : ''}</td><td>${m.journalWrites}</td><td>${m.openConflicts}</td></tr>`;
}

function linkCell(from: MemberView, to: string): Html {
  if (from.id === to) return html`<td class="self">·</td>`;
  if (!from.answered) return html`<td class="unknown">-</td>`;
  const l = from.links.find((x) => x.peer === to);
  if (l === undefined) return html`<td class="unknown">-</td>`;
  const breaker = l.breaker !== 'closed' ? html` <span class="breaker ${l.breaker}">breaker ${l.breaker}</span>` : NOTHING;
  return html`<td class="${l.outbound ? 'up' : 'down'}" data-link="${from.id}-${to}">${l.outbound ? 'yes' : 'no'}${breaker}</td>`;
}

/** The cluster panel; nothing before the first status arrives. */
export function renderCluster(c: ClusterView | null): Html {
  if (c === null) return NOTHING;
  const ids = c.members.map((m) => m.id);
  return html`<table class="members"><thead><tr><th scope="col">member</th><th scope="col">role</th><th scope="col">term</th><th scope="col">commit / applied</th><th scope="col">partition</th><th scope="col">journal</th><th scope="col">conflicts</th></tr></thead>
<tbody>${c.members.map((m) => memberRow(m, c.leader, c.servedBy))}</tbody></table>
<table class="links"><caption>links: row reaches column</caption><thead><tr><th scope="col">from \\ to</th>${ids.map((id) => html`<th scope="col">${id}</th>`)}</tr></thead>
<tbody>${c.members.map((m) => html`<tr><th scope="row">${m.id}</th>${ids.map((id) => linkCell(m, id))}</tr>`)}</tbody></table>`;
}
