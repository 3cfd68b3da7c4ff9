/**
 * A bare gRPC client for the partition suite: one Roster and one Admin stub per node
 * address, with short reconnect backoff (a node that was killed, paused or cut off is
 * reachable again within half a second of coming back), and calls that always resolve
 * with a result instead of throwing.
 */
import * as grpc from '@grpc/grpc-js';
import { clientPackageDefinition } from '../../node/server/protos.ts';

type Callback = (err: grpc.ServiceError | null, res: unknown) => void;
type Stub = grpc.Client & Record<string, (req: unknown, opts: grpc.CallOptions, cb: Callback) => void>;
const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as any;

const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 500,
  // A node behind a DROP rule or SIGSTOPped keeps its TCP connection; the deadline ends calls.
  'grpc.enable_retries': 0,
};

/** A failed call: the gRPC code, details and metadata as a plain object. */
export interface CallError {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

export type Service = 'roster' | 'admin';

/** Stubs keyed by address; `close()` releases every channel. */
export class Clients {
  private readonly stubs = new Map<string, Stub>();

  private stub(service: Service, address: string): Stub {
    const key = `${service} ${address}`;
    let s = this.stubs.get(key);
    if (s === undefined) {
      const ctor = service === 'roster' ? pkg.rosterd.v1.Roster : pkg.rosterd.admin.v1.Admin;
      s = new ctor(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS) as Stub;
      this.stubs.set(key, s);
    }
    return s;
  }

  /** One unary call with a deadline `timeoutMs` from now. Never rejects. */
  call<T>(service: Service, address: string, method: string, req: unknown, timeoutMs: number): Promise<CallResult<T>> {
    const stub = this.stub(service, address);
    return new Promise((resolve) => {
      try {
        stub[method]!(req, { deadline: Date.now() + Math.max(1, timeoutMs) }, (err, value) => {
          if (!err) {
            resolve({ ok: true, value: value as T });
            return;
          }
          const metadata: Record<string, string> = {};
          for (const [k, v] of Object.entries(err.metadata?.getMap() ?? {})) metadata[k] = String(v);
          resolve({ ok: false, error: { code: err.code, details: err.details ?? err.message, metadata } });
        });
      } catch (e) {
        resolve({ ok: false, error: { code: grpc.status.INTERNAL, details: `client: ${(e as Error).message}`, metadata: {} } });
      }
    });
  }

  close(): void {
    for (const s of this.stubs.values()) s.close();
    this.stubs.clear();
  }
}

export { grpc };
