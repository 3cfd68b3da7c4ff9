/**
 * The schedule board: one row per facility, one column per pool (the pools of every
 * facility, in table order), each cell with its counts against capacity and reserve,
 * the flex seats it borrows or lends, and the people in it. Cells carry data-facility
 * and data-pool, people data-person, so a reader (or a test) can find them.
 */
import { html, NOTHING, type Html } from './html.ts';
import type { BoardView, FacilityView, PoolView } from './view.ts';

/** The pool names of every facility, each once, in the order the tables list them. */
export function poolColumns(facilities: readonly FacilityView[]): string[] {
  const names: string[] = [];
  for (const f of facilities) for (const p of f.pools) if (!names.includes(p.name)) names.push(p.name);
  return names;
}

/** How a pool stands, as a CSS class: nobody in it, short of its reserve, full, borrowing (or lending), or fine. */
export function poolState(p: PoolView): 'empty' | 'short' | 'full' | 'borrowing' | 'ok' {
  if (p.assigned === 0 && p.reserved > 0) return 'empty';
  if (p.assigned < p.reserved) return 'short';
  if (p.left === 0) return 'full';
  if (p.borrowed > 0 || p.lent > 0) return 'borrowing';
  return 'ok';
}

function counts(p: PoolView): Html {
  const flexSeats = p.flex ? html`lends ${p.lent} of ${p.capacity - p.reserved}` : html`borrows ${p.borrowed} of ${p.borrowLimit}`;
  return html`<div class="counts"><strong>${p.assigned}</strong> / ${p.capacity}</div>
<div class="detail">reserved ${p.reserved} · ${flexSeats} · ${p.left} left</div>`;
}

/** A bar: own seats (reserved) and flex seats, filled by the people assigned. */
function meter(p: PoolView): Html {
  const cells: Html[] = [];
  for (let i = 0; i < p.capacity; i++) {
    const kind = i < p.reserved ? 'own' : 'flex';
    cells.push(html`<span class="seat ${kind}${i < p.assigned ? ' taken' : ''}"></span>`);
  }
  return html`<div class="meter" aria-hidden="true">${cells}</div>`;
}

function cell(facility: string, p: PoolView | undefined, pool: string): Html {
  if (p === undefined) return html`<td class="pool none" data-facility="${facility}" data-pool="${pool}">no ${pool} pool</td>`;
  const people = p.seats.map(
    (s) => html`<li data-person="${s.person}" class="${s.provisional ? 'provisional' : ''}" title="${s.name} (${s.role})${s.provisional ? ', emergency cover' : ''}">${s.person}${s.provisional ? html` <em>cover</em>` : NOTHING}</li>`,
  );
  return html`<td class="pool ${poolState(p)}${p.flex ? ' flex' : ''}" data-facility="${facility}" data-pool="${p.name}" data-assigned="${p.assigned}">
${counts(p)}${meter(p)}<ul class="people">${people}</ul></td>`;
}

/** The board of `board.block`, or why there is none. */
export function renderBoard(board: BoardView): Html {
  if (board.block === null) {
    const why = board.asked ? html`Block <code>${board.asked}</code> does not exist on ${board.servedBy}.` : html`No block yet: add one with <code>rosterctl block add</code>.`;
    return html`<p class="empty">${why}</p>`;
  }
  const columns = poolColumns(board.facilities);
  const head = html`<tr><th scope="col">facility</th>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr>`;
  const rows = board.facilities.map(
    (f) =>
      html`<tr data-facility="${f.facility}"><th scope="row">${f.facility}${f.custom ? html`<small>pools set</small>` : NOTHING}</th>${columns.map((c) =>
        cell(f.facility, f.pools.find((p) => p.name === c), c),
      )}</tr>`,
  );
  return html`<table class="board" data-block="${board.block.id}"><caption>block <strong>${board.block.id}</strong> · ${board.block.start} to ${board.block.end}</caption>
<thead>${head}</thead><tbody>${rows}</tbody></table>`;
}
