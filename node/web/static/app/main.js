import { renderBanners } from "./banner.js";
import { renderBoard } from "./board-panel.js";
import { renderChanges } from "./changes-panel.js";
import { renderCluster } from "./cluster-panel.js";
import { renderContingency } from "./contingency-panel.js";
import { renderCoverage } from "./coverage-panel.js";
import { html, NOTHING } from "./html.js";
import { renderLedger } from "./ledger-panel.js";
const WATCHDOG_INTERVAL_MS = 500;
const REOPEN_AFTER_MS = 3000;
let block = new URLSearchParams(location.search).get('block') ?? '';
let board = null;
let cluster = null;
let connection = 'connecting';
let lastEventAt = 0;
let lostAtMs = 0;
let source;
function element(id) {
    const el = document.getElementById(id);
    if (el === null)
        throw new Error(`index.html lacks #${id}`);
    return el;
}
function paint(id, content, hideWhenEmpty = false) {
    const el = element(id);
    if (el.innerHTML !== content.text)
        el.innerHTML = content.text;
    if (hideWhenEmpty) {
        const section = el.closest('section');
        if (section !== null)
            section.hidden = content.text === '';
    }
}
function nodeName() {
    return cluster?.servedBy ?? board?.servedBy ?? location.host;
}
function paintBanners() {
    const state = { connection, silentMs: lastEventAt === 0 ? 0 : Date.now() - lastEventAt, lostAtMs, node: nodeName() };
    paint('banners', renderBanners(state, cluster, board));
    document.body.dataset['connection'] = connection;
}
function paintBoard() {
    if (board === null)
        return;
    paint('board', renderBoard(board));
    paint('coverage', renderCoverage(board.coverage));
    paint('contingency', renderContingency(board.contingency));
    paint('changes', renderChanges(board.changes));
    paint('ledger', renderLedger(board.ledger), true);
    paint('problem', renderProblem(board.problem));
    const select = element('block-select');
    const shown = board.block?.id ?? '';
    const options = board.blocks.map((b) => `${b.id}|${b.start}|${b.end}`).join(',');
    if (select.dataset['options'] !== options) {
        select.dataset['options'] = options;
        select.replaceChildren(...[...board.blocks].reverse().map((b) => {
            const o = document.createElement('option');
            o.value = b.id;
            o.textContent = `${b.id} (${b.start} to ${b.end})`;
            return o;
        }));
    }
    select.value = shown;
    element('served').textContent = `served by ${board.servedBy} at applied index ${board.appliedIndex}`;
    document.title = `rosterd · ${board.servedBy}${shown ? ` · ${shown}` : ''}`;
}
function renderProblem(problem) {
    return problem === '' ? NOTHING : html `<p class="warn">${problem}</p>`;
}
function paintCluster() {
    paint('cluster', renderCluster(cluster));
}
function connect() {
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
        board = JSON.parse(e.data);
        lastEventAt = Date.now();
        paintBoard();
        paintBanners();
    });
    es.addEventListener('cluster', (e) => {
        cluster = JSON.parse(e.data);
        lastEventAt = Date.now();
        paintCluster();
        paintBanners();
    });
    es.addEventListener('error', () => {
        if (connection !== 'lost')
            lostAtMs = Date.now();
        connection = 'lost';
        paintBanners();
        if (es.readyState === EventSource.CLOSED && source === es)
            setTimeout(() => source === es && connect(), REOPEN_AFTER_MS);
    });
}
element('block-select').addEventListener('change', (e) => {
    block = e.target.value;
    const url = new URL(location.href);
    url.searchParams.set('block', block);
    history.replaceState(null, '', url);
    connect();
});
setInterval(paintBanners, WATCHDOG_INTERVAL_MS);
connect();
