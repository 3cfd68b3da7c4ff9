import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Build step, not used at run time: compiles the page's browser code (page/*.ts) with
 * the project's own TypeScript compiler into static/app/*.js, which is checked in and
 * served as it is, so a node needs no build and no network to serve its page.
 * `npm run build:web` runs it; test/web/page-build.test.ts fails when the checked-in
 * files are not what it writes.
 */

/** Where the compiled page lives (served under /app/). */
export const PAGE_OUT_DIR = fileURLToPath(new URL('./static/app/', import.meta.url));
/** The browser code's compiler settings (DOM, ES modules, .ts imports rewritten to .js). */
export const PAGE_TSCONFIG = fileURLToPath(new URL('./page/tsconfig.json', import.meta.url));

/** Compiles page/ into `outDir` (replacing files of the same name); throws with tsc's output on a type error. */
export function buildPage(outDir: string = PAGE_OUT_DIR): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', PAGE_TSCONFIG, '--outDir', outDir], { cwd: path.dirname(PAGE_TSCONFIG), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const out = e as { stdout?: string; stderr?: string };
    throw new Error(`compiling the web page failed:\n${out.stdout ?? ''}${out.stderr ?? ''}`);
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildPage();
}
