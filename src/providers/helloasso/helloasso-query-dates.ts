import type { QueryValue } from '../../http/types.js';
import type { PagedOperationMethod, WithDateParams } from '../sdk/operation-types.js';

/**
 * A paged list whose `from` and `to` (`to` exclusive) also take a `Date`, sent in ISO 8601 by
 * {@link formatHelloAssoQuery}.
 * @see https://dev.helloasso.com/docs/pagination
 */
export type Dated<M> =
  M extends PagedOperationMethod<infer P, infer R>
    ? PagedOperationMethod<WithDateParams<P, 'from' | 'to'>, R>
    : never;

/** The same method, typed so that its `from` and `to` also take a `Date`. */
export const dated = <M>(method: M) => method as unknown as Dated<M>;

/**
 * Query values as HelloAsso reads them: a `Date` (for `from` and `to`, `to` being exclusive per
 * https://dev.helloasso.com/docs/pagination) as its ISO 8601 form, arrays as repeated keys
 * (`states=A&states=B`), everything else unchanged.
 */
export function formatHelloAssoQuery(_name: string, value: unknown): QueryValue | readonly QueryValue[] {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item instanceof Date ? item.toISOString() : item));
  return value as QueryValue;
}
