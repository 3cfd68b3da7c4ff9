import type { Command } from 'commander';
import { GrpcTransport, RpcSession, type Transport } from './client.ts';
import { resolveEndpoints } from './endpoints.ts';
import { CliError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';
import { Output, type Sink } from './output.ts';
import { checkTimeoutMs } from './validate.ts';
import { resolveClientTls } from './client-tls.ts';
import type { TlsMaterial } from '../node/tls/tls-material.ts';

/**
 * One run of rosterctl: the validated global options, the output, and the RPC session
 * (created on first use, so that a command that fails validation opens no connection).
 * Also the shape every command has: parse (pure, may throw a usage error), then run.
 */

/** What the outside world provides: the process in rosterctl.ts, fakes in tests. */
export interface Environment {
  readonly sink: Sink;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Makes the transport on the first RPC (with the TLS identity, if any); default GrpcTransport. */
  readonly transport?: (tls: TlsMaterial | undefined) => Transport;
  readonly now?: () => number;
}

/** Global options as commander hands them over (strings, unvalidated). */
export interface GlobalOptions {
  readonly endpoints?: string;
  readonly json?: boolean;
  readonly timeout: string;
  readonly cacert?: string;
  readonly cert?: string;
  readonly key?: string;
}

export class Invocation {
  readonly endpoints: readonly string[];
  readonly timeoutMs: number;
  private readonly startedAt: number;
  private transport?: Transport;
  private session?: RpcSession;
  private tlsMaterial?: { value: TlsMaterial | undefined };

  /** Validates the global options; throws a usage error naming the bad one. */
  constructor(
    readonly out: Output,
    private readonly options: GlobalOptions,
    private readonly environment: Environment,
  ) {
    this.timeoutMs = checkTimeoutMs('--timeout', options.timeout);
    this.endpoints = resolveEndpoints(options.endpoints, environment.env);
    this.startedAt = (environment.now ?? Date.now)();
  }

  /**
   * The TLS identity of --cacert/--cert/--key (or ROSTER_CACERT/ROSTER_CERT/ROSTER_KEY),
   * read on first use; undefined: plaintext. Throws a usage error for an incomplete or
   * unusable set.
   */
  tls(): TlsMaterial | undefined {
    this.tlsMaterial ??= { value: resolveClientTls(this.options, this.environment.env) };
    return this.tlsMaterial.value;
  }

  /** The session; its overall deadline counts from the start of the invocation. */
  rpc(): RpcSession {
    if (this.session === undefined) {
      const tls = this.tls();
      this.transport = (this.environment.transport ?? ((t) => new GrpcTransport(t)))(tls);
      this.session = new RpcSession({
        endpoints: this.endpoints,
        deadlineAt: this.startedAt + this.timeoutMs,
        timeoutMs: this.timeoutMs,
        transport: this.transport,
        ...(this.environment.now ? { now: this.environment.now } : {}),
      });
    }
    return this.session;
  }

  /** Closes connections so the process can exit. */
  close(): void {
    this.transport?.close();
  }
}

/**
 * A command in two phases. `parse` turns commander's strings into a plan and throws a
 * usage error on bad input; it must not touch the network. `run` executes the plan.
 */
export interface CommandSpec<Plan> {
  parse(args: readonly string[], options: Readonly<Record<string, unknown>>): Plan;
  run(invocation: Invocation, plan: Plan): Promise<unknown>;
}

/** Records the exit code of the command that ran. */
export type ExitSink = (code: ExitCode) => void;

/**
 * Wraps a CommandSpec as a commander action: validates global options, then the
 * command's own, then runs it; reports any error and records the exit code.
 */
export function action<Plan>(environment: Environment, setExit: ExitSink, spec: CommandSpec<Plan>): (...params: unknown[]) => Promise<void> {
  return async (...params) => {
    const command = params[params.length - 1] as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const out = new Output(environment.sink, globals.json === true);
    let invocation: Invocation | undefined;
    try {
      invocation = new Invocation(out, globals, environment);
      const plan = spec.parse(command.processedArgs as string[], command.opts());
      await spec.run(invocation, plan);
      setExit(ExitCode.OK);
    } catch (e) {
      const error = e instanceof CliError ? e : new CliError('INTERNAL', `internal error: ${(e as Error)?.stack ?? String(e)}`, ExitCode.SERVER_ERROR);
      out.error(error);
      setExit(error.exitCode);
    } finally {
      invocation?.close();
    }
  };
}
