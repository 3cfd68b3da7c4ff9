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
export function certificateDecision(cert: PeerCertificate | undefined, path: string, cluster: string): { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reason: string; readonly caller: string } {
  if (cert === undefined) return { ok: false, reason: 'the connection presented no client certificate', caller: 'anonymous' };
  const named = principalOf({ subjectAltName: cert.subjectaltname }, cluster);
  if ('refusal' in named) return { ok: false, reason: named.refusal, caller: `certificate ${echoInput(cert.subject?.CN ?? '(no CN)')}` };
  const denied = refusal(named, path);
  return denied === undefined ? { ok: true, principal: named } : { ok: false, reason: denied, caller: describePrincipal(named) };
}

/** The status a refused call ends with: PERMISSION_DENIED naming the reason. */
export function refusedStatus(reason: string): grpc.StatusObject {
  const e = toServiceError(new PermissionDeniedError(`permission denied: ${reason}`));
  return { code: e.code ?? grpc.status.PERMISSION_DENIED, details: e.details ?? reason, metadata: e.metadata ?? new grpc.Metadata() };
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
        let refused = false;
        const refuse = (reason: string, caller: string): void => {
          refused = true;
          o.log.warn({ method: methodName(path), caller, peer: call.getPeer(), reason }, 'refused a call');
          intercepting.sendStatus(refusedStatus(reason));
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
            if (refused) return;
            if (claim?.startsWith('request:')) {
              const field = claim.slice('request:'.length);
              if (!claimHolds((message as Record<string, unknown> | null)?.[field], `request's ${field}`)) return;
            }
            nextMessage(message);
          },
          onReceiveHalfClose: (nextHalfClose) => {
            if (!refused) nextHalfClose();
          },
        });
      },
    });
    return intercepting;
  };
}
