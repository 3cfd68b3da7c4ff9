/**
 * Gets this facility's key into the replicated keyring: while the keyring holds no key
 * for the facility, it proposes a registration signed by the key itself, through
 * whichever node leads, every `intervalMs` until it is applied. It also says why the
 * node's signatures would not be accepted now, so final approvals are refused with that
 * reason instead of failing on apply.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.ts';
import type { RosterError } from '../errors.ts';
import type { ProposalCallbacks } from '../replica/request-registry.ts';
import type { ApplyResult } from '../schedule/index.ts';
import { encodePayload } from './codec.ts';
import type { FacilityIdentity } from './identity.ts';
import type { Keyring } from './keyring.ts';
import { sameBytes } from './merkle.ts';

export interface KeyRegistrarOptions {
  readonly facility: string;
  /** Absent: the node runs without a key (--insecure-unsigned-commands). */
  readonly identity?: FacilityIdentity;
  readonly keyring: () => Keyring;
  /** Proposes here if leading, else forwards to the leader (Replica.forward). */
  readonly forward: (data: Uint8Array, cb: ProposalCallbacks<ApplyResult>) => void;
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly log: Logger;
}

export class KeyRegistrar {
  private stopTimer: (() => void) | undefined;
  private reported: string | undefined;

  constructor(private readonly o: KeyRegistrarOptions) {}

  /** Why this node's signed commands would be refused now; undefined when they would be accepted. */
  problem(): string | undefined {
    const keyring = this.o.keyring();
    const id = this.o.identity;
    if (!id) return keyring.size > 0 ? `${this.o.facility} runs without a facility key, and this cluster's facilities have keys` : undefined;
    const held = keyring.get(this.o.facility);
    if (!held) return `${this.o.facility}'s facility key ${id.fingerprint} is not registered in the cluster yet; retry shortly`;
    if (!sameBytes(held.publicKey, id.publicKey)) {
      return `the cluster holds key ${held.fingerprint} for ${this.o.facility}, but this node's key file holds ${id.fingerprint}: this node cannot sign for ${this.o.facility}`;
    }
    return undefined;
  }

  start(): void {
    this.check();
    this.stopTimer = this.o.clock.every(this.o.intervalMs, () => this.check());
  }

  stop(): void {
    this.stopTimer?.();
  }

  private check(): void {
    const id = this.o.identity;
    const problem = this.problem();
    if (problem !== this.reported) {
      this.reported = problem;
      if (problem && id && this.o.keyring().get(this.o.facility)) this.o.log.error({ problem }, 'facility key mismatch');
    }
    if (!id || this.o.keyring().get(this.o.facility)) return;
    const data = encodePayload({ kind: 'registerKey', facility: this.o.facility, publicKey: id.publicKey });
    this.o.forward(data, {
      committed: (c) => {
        if (c.result?.ok) this.o.log.info({ fingerprint: id.fingerprint }, 'facility key registered');
        else if (c.result) this.o.log.error({ problem: c.result.message }, 'facility key registration refused');
      },
      forwarded: () => {},
      // Tried again at the next interval.
      failed: (e: RosterError) => this.o.log.debug({ err: e.message }, 'facility key registration not sent yet'),
    });
  }
}
