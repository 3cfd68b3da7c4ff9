import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { checkId } from '../schedule/index.ts';
import { BlockFeed } from './block-feed.ts';
import { ClusterFeed } from './cluster-feed.ts';
import { EventStream } from './event-stream.ts';
import { NodeReads, type NodeReadsTls } from './node-reads.ts';
import { loadStaticFiles, type StaticFile } from './static-files.ts';

/** Pages streaming at once; more are refused (503) so a flood of tabs cannot load the node. */
export const MAX_STREAMS = 64;

/** What every answer carries: the page loads only its own files and talks only to its node. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
});

/** Where the page server listens and which node it reads. */
export interface WebServerOptions {
  /** host:port to listen on. */
  readonly listen: string;
  /** The node's own gRPC address, dialable from this process. */
  readonly grpcAddress: string;
  /** The cluster's facilities (configuration): the board's rows. */
  readonly facilities: readonly string[];
  readonly log: Logger;
  /** With mutual TLS on: the node's own certificate, which the gateway's reads present. */
  readonly tls?: NodeReadsTls;
}

/** A started page server: its bound port, and close() (ends every stream, then stops listening). */
export interface RunningWebServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * An address a client in this process can dial for a server listening on `listen` and
 * bound to `port`: a wildcard host (0.0.0.0, ::) becomes the loopback address.
 */
export function dialable(listen: string, port: number): string {
  const host = listen.slice(0, listen.lastIndexOf(':'));
  if (host === '0.0.0.0' || host === '') return `127.0.0.1:${port}`;
  if (host === '[::]' || host === '::') return `[::1]:${port}`;
  return `${host}:${port}`;
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra });
  res.end(`${text}\n`);
}

/**
 * Starts the node's read-only web page: GET of its static files, and GET /events?block=B
 * (server-sent events: `board` and `cluster`, see page/view.ts). Nothing else is
 * answered: any other method is 405, any other path 404.
 */
export async function startWebServer(o: WebServerOptions): Promise<RunningWebServer> {
  const files: ReadonlyMap<string, StaticFile> = loadStaticFiles();
  const reads = new NodeReads(o.grpcAddress, o.tls);
  const log = o.log.child({ component: 'web' });
  const cluster = new ClusterFeed({ reads, log });
  const feeds = new Map<string, BlockFeed>();
  const streams = new Set<EventStream>();

  const events = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const asked = url.searchParams.get('block') ?? '';
    if (asked !== '' && checkId('block', asked) !== undefined) {
      plain(res, 400, `bad block: ${checkId('block', asked)}`);
      return;
    }
    if (streams.size >= MAX_STREAMS) {
      plain(res, 503, `too many pages are open on this node (${MAX_STREAMS}); try again later`, { 'retry-after': '5' });
      return;
    }
    const stream = new EventStream(res);
    streams.add(stream);
    let feed = feeds.get(asked);
    if (feed === undefined) {
      feed = new BlockFeed({ asked, reads, facilities: o.facilities, log });
      feeds.set(asked, feed);
    }
    const shown = feed;
    const stopBoard = shown.subscribe((board) => stream.send('board', board));
    const stopCluster = cluster.subscribe((view) => stream.send('cluster', view));
    stream.onClose(() => {
      streams.delete(stream);
      stopBoard();
      stopCluster();
      if (shown.idle) {
        shown.close();
        feeds.delete(asked);
      }
    });
    req.on('close', () => stream.close());
  };

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'this page is read-only: GET only', { allow: 'GET, HEAD' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://page.invalid');
    if (url.pathname === '/events') {
      if (req.method === 'HEAD') {
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8' });
        res.end();
        return;
      }
      events(req, res, url);
      return;
    }
    const file = files.get(url.pathname);
    if (file === undefined) {
      plain(res, 404, 'not found: the page is at /');
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.type, 'content-length': String(file.body.length) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  const at = o.listen.lastIndexOf(':');
  const host = o.listen.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(o.listen.slice(at + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const s of [...streams]) s.close();
      for (const f of feeds.values()) f.close();
      feeds.clear();
      cluster.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      reads.close();
    },
  };
}
