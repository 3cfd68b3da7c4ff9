import * as grpc from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import type { Logger } from 'pino';
import { PermissionDeniedError, toServiceError } from '../errors.ts';
import { echoInput } from '../schedule/input-echo.ts';
import { ACCESS_TABLE, methodName, refusal } from './access-table.ts';
import { describePrincipal, principalOf, type Principal } from './identity-uri.ts';

export interface AccessGateOptions {
  /** The node's cluster: certificates must name it. */
  readonly cluster: string;
  readonly log: Logger;
}

/**
 * Whether the client certificate `cert` (undefined: none presented) may call the method at
 * `path` as the access table says; claims (access-table.ts) are checked apart. When not,
 * why, and who the caller is for the log.
 */
function certificateDecision(cert: PeerCertificate | undefined, path: string, cluster: string): { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reason: string; readonly caller: string } {
  if (cert === undefined) return { ok: false, reason: 'the connection presented no client certificate', caller: 'anonymous' };
  const named = principalOf({ subjectAltName: cert.subjectaltname }, cluster);
  if ('refusal' in named) return { ok: false, reason: named.refusal, caller: `certificate ${echoInput(cert.subject?.CN ?? '(no CN)')}` };
  const denied = refusal(named, path);
  return denied === undefined ? { ok: true, principal: named } : { ok: false, reason: denied, caller: describePrincipal(named) };
}

/** Logs a refused call and returns the status it ends with: PERMISSION_DENIED naming the reason. */
function refused(log: Logger, path: string, caller: string, peer: string, reason: string): grpc.StatusObject {
  log.warn({ method: methodName(path), caller, peer, reason }, 'refused a call');
  const e = toServiceError(new PermissionDeniedError(`permission denied: ${reason}`));
  return { code: e.code ?? grpc.status.PERMISSION_DENIED, details: e.details ?? reason, metadata: e.metadata ?? new grpc.Metadata() };
}

/**
 * The access gate's decision for a call that does not go through the interceptor
 * (server/direct-unary.ts): the status refusing the connection's certificate `cert` the
 * method at `path`, logged as the interceptor logs it, or undefined when it may call it.
 * Only for methods whose access rule reads no claim.
 */
export function certificateAdmission(o: AccessGateOptions): (cert: PeerCertificate | undefined, path: string, peer: string) => grpc.StatusObject | undefined {
  return (cert, path, peer) => {
    const decision = certificateDecision(cert, path, o.cluster);
    return decision.ok ? undefined : refused(o.log, path, decision.caller, peer, decision.reason);
  };
}

/**
 * The server interceptor that enforces access-table.ts on every call of a node serving
 * TLS: it reads the client certificate of the call's connection (which the TLS handshake
 * already checked against the cluster CA), finds the facility or role it names, and lets
 * the call reach its handler only when the table allows it, and, for peer methods, only
 * when the facility the caller claims to speak for (a metadata key or a request field) is
 * the certificate's. A refused call ends with PERMISSION_DENIED naming what was wrong,
 * before its handler runs, so it changes nothing; each refusal is logged (the
 * certificate's identity and address, never key material).
 *
 * Install it as the outermost interceptor (last in grpc.Server's list), so the ones
 * inside it (open calls, metrics) see a refused call end like any other.
 */
export function accessGate(o: AccessGateOptions): grpc.ServerInterceptor {
  return (method, call) => {
    const path = method.path;
    const intercepting: grpc.ServerInterceptingCall = new grpc.ServerInterceptingCall(call, {
      start: (next) => {
        let principal: Principal | undefined;
        let isRefused = false;
        const refuse = (reason: string, caller: string): void => {
          isRefused = true;
          intercepting.sendStatus(refused(o.log, path, caller, call.getPeer(), reason));
        };
        /** Whether a claimed facility is the certificate's; refuses the call otherwise. */
        const claimHolds = (claimed: unknown, where: string): boolean => {
          if (principal?.kind !== 'facility') return true;
          const name = typeof claimed === 'string' ? claimed : '';
          if (name === principal.facility) return true;
          refuse(`the certificate is facility ${principal.facility}'s, but the ${where} claims ${name ? echoInput(name) : '(nobody)'}`, describePrincipal(principal));
          return false;
        };
        const claim = ACCESS_TABLE[path]?.claim;
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            const decision = certificateDecision(call.getAuthContext().sslPeerCertificate, path, o.cluster);
            if (!decision.ok) return refuse(decision.reason, decision.caller);
            principal = decision.principal;
            if (claim?.startsWith('metadata:')) {
              const key = claim.slice('metadata:'.length);
              if (!claimHolds(metadata.get(key)[0], `stream's ${key}`)) return;
            }
            nextMetadata(metadata);
          },
          onReceiveMessage: (message, nextMessage) => {
            if (isRefused) return;
            if (claim?.startsWith('request:')) {
              const field = claim.slice('request:'.length);
              if (!claimHolds((message as Record<string, unknown> | null)?.[field], `request's ${field}`)) return;
            }
            nextMessage(message);
          },
          onReceiveHalfClose: (nextHalfClose) => {
            if (!isRefused) nextHalfClose();
          },
        });
      },
    });
    return intercepting;
  };
}
