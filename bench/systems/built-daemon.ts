import { spawnSync } from 'node:child_process';
import { ROOT } from '../../test/cluster/harness.ts';

let built = false;

/**
 * Compiles the daemon to dist/ (`npm run build`) once per benchmark process, so the
 * clusters measured run what the docker image and a built install run: plain
 * JavaScript, without tsx's TypeScript loader thread beside the daemon (about 40 MiB
 * of RSS per node, and its share of the two cores).
 */
export function buildDaemon(): void {
  if (built) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  built = true;
}
