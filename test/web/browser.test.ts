/**
 * The web page in a real browser (Debian's Chromium through playwright-core) against a
 * real three-node cluster: the board matches what the gRPC read API says; a change made
 * with rosterctl appears without a reload; a node cut off from the others says it is in
 * a minority; killing the node serving the page makes the page say so. Screenshots go to
 * test-artifacts/web/. Every wait is on something the page shows, with wide deadlines.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { runInProcess } from '../cli/run-cli.ts';
import { coordinatorsDay, DAY_BLOCK } from '../cluster/coordinators-day.ts';
import { Cluster, waitFor } from '../cluster/harness.ts';
import { artifact, launchChromium } from './chromium.ts';

/** How long the page gets to show something (a loaded CI machine runs three nodes and a browser). */
const PAGE_DEADLINE_MS = 30_000;

let c: Cluster | undefined;
let browser: Browser | undefined;
before(async () => {
  c = await Cluster.start({ web: true, flags: ['--fault-injection'] });
  browser = await launchChromium();
  await coordinatorsDay(endpoints());
});
after(async () => {
  await browser?.close();
  await c?.stop();
});

function cluster(): Cluster {
  assert.ok(c, 'the cluster started');
  return c;
}
function endpoints(): string {
  return [...cluster().nodes.values()].filter((n) => n.alive).map((n) => n.address).join(',');
}
const rosterctl = (...args: string[]) => runInProcess(['--timeout', '20000', '--endpoints', endpoints(), ...args]);

async function open(id: string, block = DAY_BLOCK): Promise<Page> {
  assert.ok(browser, 'the browser started');
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${cluster().node(id).webUrl}?block=${block}`, { timeout: PAGE_DEADLINE_MS });
  await page.waitForSelector(`table.board[data-block="${block}"]`, { timeout: PAGE_DEADLINE_MS });
  await page.waitForSelector('table.members tr[data-member]', { timeout: PAGE_DEADLINE_MS });
  return page;
}

/** Each pool cell of the board: facility/pool -> the count shown and the people listed. */
async function boardCells(page: Page): Promise<Map<string, { assigned: number; people: string[] }>> {
  const cells = await page.$$eval('td.pool[data-assigned]', (tds) =>
    tds.map((td) => ({
      key: `${td.getAttribute('data-facility')}/${td.getAttribute('data-pool')}`,
      assigned: Number(td.getAttribute('data-assigned')),
      people: [...td.querySelectorAll('li[data-person]')].map((li) => li.getAttribute('data-person') ?? '').sort(),
    })),
  );
  return new Map(cells.map((x) => [x.key, { assigned: x.assigned, people: x.people }]));
}

test('the board of a node shows what the gRPC read API says, cell by cell', { timeout: 120_000 }, async () => {
  const page = await open('A');
  const cells = await boardCells(page);
  const schedule = await cluster().node('A').call('roster', 'GetSchedule', { block: DAY_BLOCK });
  assert.ok(schedule.ok, JSON.stringify(schedule));
  for (const f of ['A', 'B', 'C']) {
    const pools = await cluster().node('A').call('roster', 'GetPools', { facility: f, block: DAY_BLOCK });
    assert.ok(pools.ok, JSON.stringify(pools));
    for (const u of pools.value.pools as { pool: { name: string }; assigned: number }[]) {
      const key = `${f}/${u.pool.name}`;
      const expected = (schedule.value.assignments as { person: string; facility: string; pool: string }[])
        .filter((a) => a.facility === f && a.pool === u.pool.name)
        .map((a) => a.person)
        .sort();
      assert.deepEqual(cells.get(key), { assigned: u.assigned, people: expected }, key);
    }
  }
  assert.deepEqual(cells.get('B/ICU')?.people, ['cl1', 'icu1', 'icu2', 'icu3', 'icu4', 'icu5'], "the coordinator's day's ICU at B");
  assert.equal(cells.get('C/Procedures'), undefined, 'C has no Procedures pool after pools set');
  assert.match(await page.textContent('#contingency') ?? '', /N-1, losing 1 of 6 assigned people at a time \(exhaustive/);
  assert.match(await page.textContent('#cluster') ?? '', /leader/);
  await page.screenshot({ path: artifact('board.png'), fullPage: true });
  await page.close();
});

test('a change made with rosterctl appears on the open page without a reload', { timeout: 120_000 }, async () => {
  const page = await open('A');
  let loads = 0;
  page.on('load', () => loads++);
  // Runs in the page: `globalThis` is its window.
  await page.evaluate(() => {
    (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  const r = await rosterctl('assign', 'icu7', '--block', DAY_BLOCK, '--facility', 'B', '--pool', 'Procedures');
  assert.equal(r.code, 0, r.stderr);
  await page.waitForSelector('td[data-facility="B"][data-pool="Procedures"] li[data-person="icu7"]', { timeout: PAGE_DEADLINE_MS });
  await page.waitForSelector('#changes li', { timeout: PAGE_DEADLINE_MS });
  assert.match(await page.textContent('#changes li:first-child') ?? '', /assign.*icu7/);
  assert.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'the same document');
  assert.equal(loads, 0, 'no reload');
  await page.screenshot({ path: artifact('after-change.png'), fullPage: true });
  await page.close();
});

test("a block committed with rosterctl appears in the page's ledger panel, with the facilities that signed it", { timeout: 120_000 }, async () => {
  const page = await open('B');
  const r = await rosterctl('commit', '--block', DAY_BLOCK);
  assert.equal(r.code, 0, r.stderr);
  await page.waitForSelector('#ledger tbody tr', { timeout: PAGE_DEADLINE_MS });
  const row = (await page.textContent('#ledger tbody tr:first-child')) ?? '';
  // A quorum signed it (all three, unless one was too slow to answer on a loaded machine).
  assert.match(row, /\b[ABC], [ABC]\b/, row);
  assert.match((await page.textContent('#ledger')) ?? '', /head [0-9a-f]{16}/);
  await page.screenshot({ path: artifact('ledger.png'), fullPage: true });
  await page.close();
});

test("a node cut off from the others says on its page that it is in a minority", { timeout: 120_000 }, async () => {
  const leader = await cluster().waitForLeader();
  const cut = ['A', 'B', 'C'].find((id) => id !== leader && id !== 'A') ?? 'C';
  const page = await open(cut);
  // On a loaded machine a node can miss its peers' probes for a moment: start from a connected view.
  await page.waitForSelector(`tr[data-member="${cut}"][data-partition="connected"]`, { timeout: PAGE_DEADLINE_MS });
  await page.waitForSelector('[data-banner="minority"]', { state: 'detached', timeout: PAGE_DEADLINE_MS });
  const iso = await rosterctl('fault', 'isolate', cut);
  assert.equal(iso.code, 0, iso.stderr);
  try {
    await page.waitForSelector('[data-banner="minority"]', { timeout: PAGE_DEADLINE_MS });
    assert.match(await page.textContent('[data-banner="minority"]') ?? '', new RegExp(`Node ${cut} is in a minority`));
    await page.waitForSelector(`tr[data-member="${cut}"][data-partition="minority"]`, { timeout: PAGE_DEADLINE_MS });
    await page.screenshot({ path: artifact('minority.png'), fullPage: true });
  } finally {
    await rosterctl('fault', 'heal', cut);
  }
  await page.waitForSelector('[data-banner="minority"]', { state: 'detached', timeout: PAGE_DEADLINE_MS });
  await page.close();
});

test('killing the node that serves the page makes the page say it lost its node', { timeout: 120_000 }, async () => {
  const page = await open('A');
  assert.equal(await page.$('[data-banner="disconnected"]'), null);
  await cluster().kill('A', 'SIGKILL');
  await page.waitForSelector('[data-banner="disconnected"]', { timeout: PAGE_DEADLINE_MS });
  assert.match(await page.textContent('[data-banner="disconnected"]') ?? '', /Disconnected from node A/);
  await page.screenshot({ path: artifact('disconnected.png'), fullPage: true });
  // It comes back by itself once the node is up again.
  cluster().spawn('A');
  await waitFor(async () => (await cluster().node('A').call('admin', 'Status', {}, 1000)).ok, 'A back', PAGE_DEADLINE_MS);
  await page.waitForSelector('[data-banner="disconnected"]', { state: 'detached', timeout: PAGE_DEADLINE_MS });
  await page.close();
});
