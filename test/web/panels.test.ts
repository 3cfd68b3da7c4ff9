import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBanners, SILENT_AFTER_MS, type StreamState } from '../../node/web/page/banner.ts';
import { poolColumns, poolState, renderBoard } from '../../node/web/page/board-panel.ts';
import { renderCluster } from '../../node/web/page/cluster-panel.ts';
import { renderCoverage } from '../../node/web/page/coverage-panel.ts';
import { escape, html } from '../../node/web/page/html.ts';
import { renderLedger } from '../../node/web/page/ledger-panel.ts';
import type { BoardView, ClusterView, CoverageView, MemberView, PoolView } from '../../node/web/page/view.ts';

// The page's panels are pure functions from the stream's data to HTML: what each shows,
// and that nothing from the schedule can become markup.

function pool(name: string, over: Partial<PoolView> = {}): PoolView {
  return { name, capacity: 6, reserved: 5, borrowLimit: 1, flex: false, assigned: 0, borrowed: 0, lent: 0, left: 6, seats: [], ...over };
}

const BOARD: BoardView = {
  servedBy: 'A',
  appliedIndex: 40,
  msSinceLeaderContact: 12,
  blocks: [{ id: 'b1', start: '2026-07-01', end: '2026-07-28' }],
  block: { id: 'b1', start: '2026-07-01', end: '2026-07-28' },
  asked: 'b1',
  facilities: [
    { facility: 'A', custom: false, pools: [pool('ICU', { assigned: 1, left: 5, seats: [{ person: 'r1', name: 'Dr <b>One</b>', role: 'resident', provisional: false }] }), pool('Flex', { flex: true, reserved: 0, capacity: 2 })] },
    { facility: 'C', custom: true, pools: [pool('OR', { assigned: 2, reserved: 1, borrowed: 1, left: 0, seats: [{ person: 'r2', name: 'Dr Two', role: 'faculty', provisional: true }] })] },
  ],
  coverage: [],
  contingency: null,
  changes: [],
  problem: '',
};

function member(id: string, over: Partial<MemberView> = {}): MemberView {
  return {
    id, address: `h:${id}`, voter: true, answered: true, role: 'follower', term: 3, leader: 'A', commitIndex: 9, appliedIndex: 9,
    partitionState: 'connected', reachable: ['A', 'B', 'C'], unreachable: [], links: [], journalWrites: 0, openConflicts: 0, isolated: false, ...over,
  };
}

test('html escapes interpolated values and keeps nested fragments as markup', () => {
  assert.equal(escape(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(html`<p>${'<script>'}${html`<b>${'&'}</b>`}${[1, 2]}${null}${false}</p>`.text, '<p>&lt;script&gt;<b>&amp;</b>12</p>');
});

test('the board has a row per facility and a column per pool of any facility; each cell names its pool and people', () => {
  assert.deepEqual(poolColumns(BOARD.facilities), ['ICU', 'Flex', 'OR']);
  const out = renderBoard(BOARD).text;
  assert.match(out, /<td class="pool short" data-facility="A" data-pool="ICU" data-assigned="1">/);
  assert.match(out, /<td class="pool none" data-facility="A" data-pool="OR">no OR pool<\/td>/);
  assert.match(out, /data-facility="C" data-pool="OR" data-assigned="2"/);
  assert.match(out, /<li data-person="r2" class="provisional"[^>]*>r2 <em>cover<\/em><\/li>/);
  assert.ok(out.includes('title="Dr &lt;b&gt;One&lt;/b&gt; (resident)"'), 'a name is text, never markup');
  assert.ok(!out.includes('<b>One'));
});

test('a pool is empty, short of its reserve, full, borrowing, or fine', () => {
  assert.equal(poolState(pool('X')), 'empty');
  assert.equal(poolState(pool('X', { assigned: 3 })), 'short');
  assert.equal(poolState(pool('X', { assigned: 6, borrowed: 1, left: 0 })), 'full');
  assert.equal(poolState(pool('X', { assigned: 6, capacity: 7, borrowLimit: 2, borrowed: 1, left: 1 })), 'borrowing');
  assert.equal(poolState(pool('X', { assigned: 5, left: 1 })), 'ok');
});

test('the board says when the block asked for does not exist, or there is no block yet', () => {
  assert.match(renderBoard({ ...BOARD, block: null, asked: 'b9' }).text, /Block <code>b9<\/code> does not exist on A\./);
  assert.match(renderBoard({ ...BOARD, block: null, asked: '' }).text, /No block yet/);
});

test('a lost connection, silence, a minority and a silent leader each get their banner; nothing when all is well', () => {
  const open: StreamState = { connection: 'open', silentMs: 500, lostAtMs: 0, node: 'A' };
  const cluster = (self: MemberView): ClusterView => ({ servedBy: self.id, sentAtMs: 0, leader: '', self, members: [self] });
  assert.equal(renderBanners(open, cluster(member('A')), BOARD).text, '');
  assert.match(renderBanners({ ...open, connection: 'lost', lostAtMs: Date.UTC(2026, 0, 1, 9, 30, 5) }, null, BOARD).text, /data-banner="disconnected">Disconnected from node <strong>A<\/strong> since 09:30:05 UTC/);
  assert.match(renderBanners({ ...open, silentMs: SILENT_AFTER_MS + 1 }, null, BOARD).text, /data-banner="silent"/);
  const minority = member('C', { partitionState: 'minority', reachable: ['C'], unreachable: ['A', 'B'] });
  assert.match(renderBanners(open, cluster(minority), BOARD).text, /data-banner="minority">Node <strong>C<\/strong> is in a minority: it reaches C and cannot reach A, B\./);
  assert.match(renderBanners(open, cluster(member('A')), { ...BOARD, msSinceLeaderContact: 4200 }).text, /data-banner="leader-silent">.*last heard from a leader 4\.2 s ago/);
  assert.match(renderBanners(open, cluster(member('A')), { ...BOARD, msSinceLeaderContact: -1 }).text, /has never heard from a leader/);
});

test('the cluster panel lists members and the links matrix with breaker states; a silent member is marked', () => {
  const a = member('A', { role: 'leader', links: [{ peer: 'B', inbound: true, outbound: true, connected: true, breaker: 'closed' }, { peer: 'C', inbound: false, outbound: false, connected: false, breaker: 'open' }] });
  const out = renderCluster({ servedBy: 'A', sentAtMs: 0, leader: 'A', self: a, members: [a, member('B'), member('C', { answered: false })] }).text;
  assert.match(out, /<td class="up" data-link="A-B">yes<\/td>/);
  assert.match(out, /<td class="down" data-link="A-C">no <span class="breaker open">breaker open<\/span><\/td>/);
  assert.match(out, /<tr data-member="C" class="silent">.*did not answer \(h:C\)/);
  assert.match(out, /A <span class="tag leader">leader<\/span> <span class="tag self">this page<\/span>/);
  assert.equal(renderCluster(null).text, '');
});

test('conflicts waiting for a coordinator come first, with why they lost', () => {
  const item = (id: string, status: string, conflict = ''): CoverageView => ({ id, facility: 'C', write: `cover ${id}`, reason: '', status, conflict, provisional: false, index: 7 });
  const out = renderCoverage([item('w1', 'STANDING'), item('w2', 'CONFLICT', 'person r2 holds a final assignment')]).text;
  assert.match(out, /1<\/strong> conflict waits for a coordinator: <code>w2<\/code>/);
  assert.ok(out.indexOf('data-coverage="w2"') < out.indexOf('data-coverage="w1"'));
  assert.match(renderCoverage([]).text, /No emergency coverage/);
});

test('the ledger panel renders nothing until the node sends a ledger', () => {
  assert.equal(renderLedger(undefined).text, '');
  const out = renderLedger({ head: 'ab'.repeat(32), seq: 4, commitments: [{ seq: 4, version: 2, digest: 'cd'.repeat(32), signers: ['A', 'B'] }] }).text;
  assert.match(out, /head <code>abababababababab<\/code> at entry 4/);
  assert.match(out, /<td>4<\/td><td>2<\/td><td><code>cdcdcdcdcdcdcdcd<\/code><\/td><td>A, B<\/td>/);
});
