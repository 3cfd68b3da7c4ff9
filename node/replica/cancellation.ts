/**
 * Cancellation of one client request (client gone, deadline passed), as the driver
 * sees it. Not an AbortController: that costs a DOMException, with a stack trace,
 * on every abort, and grpc-js reports every finished call as cancelled.
 */
export interface CancelSignal {
  readonly cancelled: boolean;
  /** Runs `fn` once on cancellation (never, if the request is never cancelled). */
  onCancel(fn: () => void): void;
}

export class Cancellation implements CancelSignal {
  cancelled = false;
  private fns: (() => void)[] | undefined;

  onCancel(fn: () => void): void {
    if (this.cancelled) return;
    (this.fns ??= []).push(fn);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const fns = this.fns;
    this.fns = undefined;
    if (fns) for (const fn of fns) fn();
  }
}
