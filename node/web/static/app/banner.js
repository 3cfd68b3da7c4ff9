import { clock, html, NOTHING } from "./html.js";
export const SILENT_AFTER_MS = 3500;
export const LEADER_SILENT_AFTER_MS = 3000;
function list(ids) {
    return ids.length === 0 ? 'none' : ids.join(', ');
}
export function renderBanners(stream, cluster, board) {
    if (stream.connection === 'lost') {
        return html `<div class="banner lost" role="alert" data-banner="disconnected">Disconnected from node <strong>${stream.node}</strong> since ${clock(stream.lostAtMs)} UTC: it does not answer. The board below is its last known state, not live. Reconnecting…</div>`;
    }
    if (stream.connection === 'connecting')
        return html `<div class="banner info" data-banner="connecting">Connecting to node ${stream.node}…</div>`;
    const banners = [];
    if (stream.silentMs > SILENT_AFTER_MS) {
        banners.push(html `<div class="banner lost" role="alert" data-banner="silent">No word from node <strong>${stream.node}</strong> for ${Math.round(stream.silentMs / 1000)} s: the board may be out of date.</div>`);
    }
    const self = cluster?.self;
    if (self?.answered && self.partitionState === 'minority') {
        banners.push(html `<div class="banner minority" role="alert" data-banner="minority">Node <strong>${self.id}</strong> is in a minority: it reaches ${list(self.reachable)} and cannot reach ${list(self.unreachable)}. It refuses final approvals and linearizable reads; the board is its own applied state (index ${self.appliedIndex}) and may be behind the rest of the cluster. Emergency coverage is still accepted here, provisionally.</div>`);
    }
    else if (board !== null && (board.msSinceLeaderContact < 0 || board.msSinceLeaderContact > LEADER_SILENT_AFTER_MS)) {
        const since = board.msSinceLeaderContact < 0 ? 'has never heard from a leader' : `last heard from a leader ${(board.msSinceLeaderContact / 1000).toFixed(1)} s ago`;
        banners.push(html `<div class="banner stale" data-banner="leader-silent">Node <strong>${board.servedBy}</strong> ${since}: the board (applied index ${board.appliedIndex}) may be stale.</div>`);
    }
    return banners.length === 0 ? NOTHING : html `${banners}`;
}
