/** Terse builders for hand-written histories in tests. */
import { PENDING, type ClientId, type Operation } from '../history.ts';

/** A completed operation: `client` called at `call`, got `output` at `ret`. */
export function done<I, O>(client: ClientId, call: number, ret: number, input: I, output: O): Operation<I, O> {
  return { clientId: client, call, return: ret, input, output };
}

/** An operation that timed out: called at `call`, outcome unknown. */
export function timedOut<I, O>(client: ClientId, call: number, input: I): Operation<I, O> {
  return { clientId: client, call, return: PENDING, input };
}
