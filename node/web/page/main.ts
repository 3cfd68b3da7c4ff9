/**
 * The page's glue: one EventSource to the node that served the page (GET /events), the
 * panels re-rendered from each event, a block picker, and a local watchdog that turns
 * silence into a banner. The browser never polls: the node pushes a `board` event after
 * every change it applies to the block and a `cluster` event every second.
 */
import { renderBanners, type StreamState } from './banner.ts';
import { renderBoard } from './board-panel.ts';
import { renderChanges } from './changes-panel.ts';
import { renderCluster } from './cluster-panel.ts';
import { renderContingency } from './contingency-panel.ts';
import { renderCoverage } from './coverage-panel.ts';
import { html, NOTHING, type Html } from './html.ts';
import { renderLedger } from './ledger-panel.ts';
import type { BoardView, ClusterView } from './view.ts';

/** How often the watchdog re-checks the silence (a local timer; nothing goes to the network). */
const WATCHDOG_INTERVAL_MS = 500;
/** How long the page waits before opening a stream the browser gave up on. */
const REOPEN_AFTER_MS = 3000;

let block = new URLSearchParams(location.search).get('block') ?? '';
let board: BoardView | null = null;
let cluster: ClusterView | null = null;
let connection: StreamState['connection'] = 'connecting';
let lastEventAt = 0;
let lostAtMs = 0;
let source: EventSource | undefined;

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`index.html lacks #${id}`);
  return el;
}

/** Puts a panel's HTML into its element; a panel with nothing to show hides its section. */
function paint(id: string, content: Html, hideWhenEmpty = false): void {
  const el = element(id);
  if (el.innerHTML !== content.text) el.innerHTML = content.text;
  if (hideWhenEmpty) {
    const section = el.closest('section');
    if (section !== null) section.hidden = content.text === '';
  }
}

function nodeName(): string {
  return cluster?.servedBy ?? board?.servedBy ?? location.host;
}

function paintBanners(): void {
  const state: StreamState = { connection, silentMs: lastEventAt === 0 ? 0 : Date.now() - lastEventAt, lostAtMs, node: nodeName() };
  paint('banners', renderBanners(state, cluster, board));
  document.body.dataset['connection'] = connection;
}

function paintBoard(): void {
  if (board === null) return;
  paint('board', renderBoard(board));
  paint('coverage', renderCoverage(board.coverage));
  paint('contingency', renderContingency(board.contingency));
  paint('changes', renderChanges(board.changes));
  paint('ledger', renderLedger(board.ledger), true);
  paint('problem', renderProblem(board.problem));
  const select = element('block-select') as HTMLSelectElement;
  const shown = board.block?.id ?? '';
  const options = board.blocks.map((b) => `${b.id}|${b.start}|${b.end}`).join(',');
  if (select.dataset['options'] !== options) {
    select.dataset['options'] = options;
    select.replaceChildren(
      ...[...board.blocks].reverse().map((b) => {
        const o = document.createElement('option');
        o.value = b.id;
        o.textContent = `${b.id} (${b.start} to ${b.end})`;
        return o;
      }),
    );
  }
  select.value = shown;
  element('served').textContent = `served by ${board.servedBy} at applied index ${board.appliedIndex}`;
  document.title = `rosterd · ${board.servedBy}${shown ? ` · ${shown}` : ''}`;
}

function renderProblem(problem: string): Html {
  return problem === '' ? NOTHING : html`<p class="warn">${problem}</p>`;
}

function paintCluster(): void {
  paint('cluster', renderCluster(cluster));
}

function connect(): void {
  source?.close();
  connection = 'connecting';
  paintBanners();
  const es = new EventSource(`/events${block ? `?block=${encodeURIComponent(block)}` : ''}`);
  source = es;
  es.addEventListener('open', () => {
    connection = 'open';
    lostAtMs = 0;
    lastEventAt = Date.now();
    paintBanners();
  });
  es.addEventListener('board', (e) => {
    board = JSON.parse((e as MessageEvent<string>).data) as BoardView;
    lastEventAt = Date.now();
    paintBoard();
    paintBanners();
  });
  es.addEventListener('cluster', (e) => {
    cluster = JSON.parse((e as MessageEvent<string>).data) as ClusterView;
    lastEventAt = Date.now();
    paintCluster();
    paintBanners();
  });
  // Fired on every failed (re)connection. EventSource retries by itself after a network
  // error, but gives up on an answer that is not a stream (a node restarting, or one with
  // too many pages open): then the page tries again itself.
  es.addEventListener('error', () => {
    if (connection !== 'lost') lostAtMs = Date.now();
    connection = 'lost';
    paintBanners();
    if (es.readyState === EventSource.CLOSED && source === es) setTimeout(() => source === es && connect(), REOPEN_AFTER_MS);
  });
}

element('block-select').addEventListener('change', (e) => {
  block = (e.target as HTMLSelectElement).value;
  const url = new URL(location.href);
  url.searchParams.set('block', block);
  history.replaceState(null, '', url);
  connect();
});
setInterval(paintBanners, WATCHDOG_INTERVAL_MS);
connect();
