/**
 * bench/web-latency — the time from a committed write to the web page showing it, on a
 * real three-node cluster (default 25 ms ticks) in Debian's Chromium: 100 writes (an
 * assign, then its unassign, alternately) sent to the leader one after another; a
 * MutationObserver in the page stamps the moment the person appears in (or leaves) the
 * board cell, and each write's latency is that stamp minus the moment the write's
 * acknowledgement (committed, applied on the leader) reached the client (and, for
 * comparison, minus the moment it was sent). A negative time means the page was faster
 * than the acknowledgement: the two race from the leader's apply. The page is
 * opened on the leader and on a follower (which learns of the commit from the leader's
 * next message). Browser and client share this machine's clock.
 *
 * Usage: npm run bench:web -- [--writes N]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { Cluster } from '../test/cluster/harness.ts';
import { launchChromium } from '../test/web/chromium.ts';
import { buildDaemon } from './systems/built-daemon.ts';

const { values } = parseArgs({ options: { writes: { type: 'string', default: '100' } } });
const WRITES = Number(values.writes);
const BLOCK = 'lat';
const CELL = 'td[data-facility="A"][data-pool="ICU"] li[data-person="p-lat"]';

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Watches the board for the person's arrival and departure; each change is stamped (ms since the epoch). */
async function observe(page: Page): Promise<void> {
  await page.evaluate((selector) => {
    const g = globalThis as unknown as { seen: number[]; shown: boolean; document: { querySelector(s: string): unknown; getElementById(id: string): unknown } };
    g.seen = [];
    g.shown = g.document.querySelector(selector) !== null;
    const Observer = (globalThis as unknown as { MutationObserver: new (f: () => void) => { observe(n: unknown, o: object): void } }).MutationObserver;
    new Observer(() => {
      const now = g.document.querySelector(selector) !== null;
      if (now !== g.shown) {
        g.shown = now;
        g.seen.push(performance.timeOrigin + performance.now());
      }
    }).observe(g.document.getElementById('board'), { childList: true, subtree: true });
  }, CELL);
}

/** Per write: ms from its acknowledgement, and from its sending, to the page showing it. */
interface Sample {
  readonly fromAck: number;
  readonly fromSend: number;
}

async function run(c: Cluster, pageNode: string, leader: string): Promise<Sample[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${c.node(pageNode).webUrl}?block=${BLOCK}`);
    await page.waitForSelector(`table.board[data-block="${BLOCK}"]`, { timeout: 30_000 });
    await observe(page);
    const latencies: Sample[] = [];
    for (let i = 0; i < WRITES; i++) {
      const assignment = { person: 'p-lat', facility: 'A', pool: 'ICU', block: BLOCK };
      const sent = Date.now();
      const r = await c.node(leader).call('roster', i % 2 === 0 ? 'Assign' : 'Unassign', { assignment }, 10_000);
      const acked = Date.now();
      if (!r.ok) throw new Error(`write ${i} failed: ${JSON.stringify(r.error)}`);
      await page.waitForFunction((n) => (globalThis as unknown as { seen: number[] }).seen.length >= n, i + 1, { timeout: 30_000 });
      const shown = await page.evaluate((n) => (globalThis as unknown as { seen: number[] }).seen[n]!, i);
      latencies.push({ fromAck: shown - acked, fromSend: shown - sent });
    }
    return latencies;
  } finally {
    await browser.close();
  }
}

buildDaemon();
const c = await Cluster.start({ tickMs: 25, web: true, daemon: 'built' });
try {
  const leader = await c.waitForLeader();
  const follower = [...c.nodes.keys()].find((id) => id !== leader)!;
  for (const [method, req] of [
    ['AddBlock', { block: { id: BLOCK, start: '2026-07-01', end: '2026-07-28' } }],
    ['AddPerson', { person: { id: 'p-lat', name: 'Dr Latency', role: 'FACULTY', homeFacility: 'A' } }],
  ] as const) {
    const r = await c.leaderCall('roster', method, req);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  }
  console.log(`web page latency: ${WRITES} writes per page, ${os.cpus().length} cores, leader ${leader}`);
  for (const [label, id] of [['page on the leader', leader], ['page on a follower', follower]] as const) {
    const samples = await run(c, id, leader);
    const fmt = (v: number): string => `${v.toFixed(1)} ms`;
    for (const [what, ms] of [
      ['from the acknowledgement', samples.map((s) => s.fromAck).sort((a, b) => a - b)],
      ['from sending the write', samples.map((s) => s.fromSend).sort((a, b) => a - b)],
    ] as const) {
      console.log(`${label} (${id}), ${what}: p50 ${fmt(quantile(ms, 0.5))}, p90 ${fmt(quantile(ms, 0.9))}, p99 ${fmt(quantile(ms, 0.99))}, min ${fmt(ms[0]!)}, max ${fmt(ms.at(-1)!)}`);
    }
  }
} finally {
  await c.stop();
}
