import * as grpc from '@grpc/grpc-js';

/** An open call as the registry ends it: by sending its status. */
export interface OpenCall {
  sendStatus(status: grpc.StatusObject): void;
}

/**
 * Every call a server has open, so that a shutdown can end them rather than wait for
 * their clients. grpc-js's own forceShutdown cannot be relied on for that: in 1.14 it
 * destroys only the sessions channelz tracks, and with 'grpc.enable_channelz' off (as
 * rosterd runs) that is none, so a watch stream or a peer's stream kept tryShutdown
 * waiting for as long as its client kept it open.
 *
 * The interceptor registers a call when it starts and forgets it when its status is
 * sent or the client cancels it; direct-unary.ts does the same for the calls it serves.
 * Ending a call sends its status through the same intercepting call, so the handler
 * sees it cancelled and the client gets the status.
 */
export class OpenCalls {
  /** Open calls, each with whether it streams (either side). */
  private readonly calls = new Map<OpenCall, boolean>();
  private unaryCount = 0;
  private waiters: (() => void)[] = [];

  /** The server interceptor that keeps the registry; install it on every call (grpc.Server's `interceptors`). */
  readonly interceptor: grpc.ServerInterceptor = (method, call) => {
    const streaming = method.requestStream || method.responseStream;
    const intercepting: grpc.ServerInterceptingCall = new grpc.ServerInterceptingCall(call, {
      start: (next) => {
        this.opened(intercepting, streaming);
        next({ onCancel: () => this.closed(intercepting) });
      },
      sendStatus: (status, next) => {
        this.closed(intercepting);
        next(status);
      },
    });
    return intercepting;
  };

  /** Open calls that stream on either side (watches, peer links, health watches, reflection). */
  get streams(): number {
    return this.calls.size - this.unaryCount;
  }

  /** Open unary calls. */
  get unary(): number {
    return this.unaryCount;
  }

  /** Ends every open call (only the streaming ones with `streamsOnly`) with `status`; returns how many. */
  end(status: grpc.StatusObject, streamsOnly: boolean): number {
    let ended = 0;
    for (const [call, streaming] of [...this.calls]) {
      if (streamsOnly && !streaming) continue;
      call.sendStatus(status);
      ended++;
    }
    return ended;
  }

  /** Resolves once no unary call is open, or after `timeoutMs`, whichever comes first. */
  unaryDone(timeoutMs: number): Promise<void> {
    if (this.unaryCount === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Registers a call that started (the interceptor's, and direct-unary.ts's calls). */
  opened(call: OpenCall, streaming: boolean): void {
    if (this.calls.has(call)) return;
    this.calls.set(call, streaming);
    if (!streaming) this.unaryCount++;
  }

  /** Forgets a call that was answered or cancelled. */
  closed(call: OpenCall): void {
    const streaming = this.calls.get(call);
    if (streaming === undefined) return;
    this.calls.delete(call);
    if (streaming) return;
    this.unaryCount--;
    if (this.unaryCount === 0 && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
}
