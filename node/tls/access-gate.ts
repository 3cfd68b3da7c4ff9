import * as grpc from '@grpc/grpc-js';
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
          const e = toServiceError(new PermissionDeniedError(`permission denied: ${reason}`));
          intercepting.sendStatus({ code: e.code ?? grpc.status.PERMISSION_DENIED, details: e.details ?? reason, metadata: e.metadata ?? new grpc.Metadata() });
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
            const cert = call.getAuthContext().sslPeerCertificate;
            if (cert === undefined) return refuse('the connection presented no client certificate', 'anonymous');
            const named = principalOf({ subjectAltName: cert.subjectaltname }, o.cluster);
            if ('refusal' in named) return refuse(named.refusal, `certificate ${echoInput(cert.subject?.CN ?? '(no CN)')}`);
            principal = named;
            const denied = refusal(named, path);
            if (denied !== undefined) return refuse(denied, describePrincipal(named));
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
