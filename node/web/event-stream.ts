import type { ServerResponse } from 'node:http';

/** Bytes a page may leave unread before its stream is dropped (it reconnects and gets the latest state). */
export const MAX_UNREAD_BYTES = 4 << 20;
/** What a browser waits before reconnecting a dropped stream (the `retry` field). */
export const RECONNECT_MS = 1000;

/**
 * One page's server-sent event stream (text/event-stream): named events with one line of
 * JSON each. A page that does not keep up is dropped rather than buffered without bound:
 * every event carries whole state, so the reconnected page loses nothing.
 */
export class EventStream {
  private closed = false;
  private readonly closers: (() => void)[] = [];

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    res.on('close', () => this.close());
  }

  /** Sends `data` as JSON under the event name `event`; drops the stream if the page lags too far. */
  send(event: string, data: unknown): void {
    if (this.closed) return;
    if (this.res.writableLength > MAX_UNREAD_BYTES) {
      this.close();
      return;
    }
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Runs `f` once the stream ends, whoever ended it. */
  onClose(f: () => void): void {
    if (this.closed) f();
    else this.closers.push(f);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.res.end();
    for (const f of this.closers.splice(0)) f();
  }
}
