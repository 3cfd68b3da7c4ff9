/**
 * npm run docs:screenshot — the README's picture of the web page: a fresh three-node
 * cluster, the README's "A coordinator's day" run through rosterctl, node A's page in
 * Debian's Chromium saved as docs/web-board.png; then prints the contingency reports the
 * README quotes (N-1 and N-2 of the day's block), so the README shows real output.
 */
import path from 'node:path';
import { runInProcess } from '../cli/run-cli.ts';
import { coordinatorsDay, DAY_BLOCK } from '../cluster/coordinators-day.ts';
import { Cluster, ROOT } from '../cluster/harness.ts';
import { launchChromium } from './chromium.ts';

const OUT = path.join(ROOT, 'docs', 'web-board.png');

const c = await Cluster.start({ web: true, tickMs: 25 });
try {
  const endpoints = [...c.nodes.values()].map((n) => n.address).join(',');
  await coordinatorsDay(endpoints);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${c.node('A').webUrl}?block=${DAY_BLOCK}`);
    await page.waitForSelector(`table.board[data-block="${DAY_BLOCK}"]`, { timeout: 30_000 });
    await page.waitForSelector('table.links td[data-link]', { timeout: 30_000 });
    await page.waitForSelector('#changes li', { timeout: 30_000 });
    await page.screenshot({ path: OUT, fullPage: true });
    console.log(`wrote ${path.relative(ROOT, OUT)}`);
  } finally {
    await browser.close();
  }
  for (const extra of [[], ['--lose', '2']]) {
    const args = ['contingency', '--block', DAY_BLOCK, ...extra];
    const r = await runInProcess(['--endpoints', endpoints, ...args]);
    console.log(`\n$ rosterctl ${args.join(' ')}   (exit ${r.code})\n${r.stdout}${r.stderr}`);
  }
} finally {
  await c.stop();
}
