import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page's files are: index.html, app.css and app/*.js (compiled from page/ by npm run build:web). */
export const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** One file served as it is. */
export interface StaticFile {
  readonly type: string;
  readonly body: Buffer;
}

/**
 * Every file under `dir` with a known type, read once, by URL path ('/app.css'; '/' is
 * index.html). The map is the whole set of paths the page server answers with a file:
 * nothing outside it is reachable, whatever the request says.
 */
export function loadStaticFiles(dir: string = STATIC_DIR): ReadonlyMap<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const type = TYPES[path.extname(e.name)];
    if (type === undefined) continue;
    const url = '/' + path.relative(dir, full).split(path.sep).join('/');
    files.set(url, { type, body: readFileSync(full) });
  }
  const index = files.get('/index.html');
  if (index === undefined) throw new Error(`the web page's files are missing: no index.html in ${dir}`);
  files.set('/', index);
  return files;
}
