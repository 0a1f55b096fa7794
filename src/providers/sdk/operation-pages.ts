import { ConfigurationError } from '../../errors/configuration-error.js';
import type { ApiResponse } from '../../http/types.js';
import { operationInfo, sendOperation } from './operation-binder.js';
import type { AnyOperationMethod, OperationInfo } from './operation-types.js';

type Params = Record<string, unknown>;

/** How a provider walks the pages of one operation (its pagination rule, in one module). */
export interface PageWalk {
  /** The parameters of the first page (a page size added, say). */
  first(params: Params): Params;
  /** The items of one answer. */
  items(response: ApiResponse<unknown>): readonly unknown[];
  /** The parameters of the next page, or `null` when this answer was the last page. */
  next(response: ApiResponse<unknown>, params: Params, items: readonly unknown[]): Params | null;
}

/** Options of `sdk.paginate`. */
export interface PaginateCallOptions {
  /** Stop after this many items; no page beyond the one that holds the last of them is fetched. */
  limit?: number | undefined;
  /** Aborts the page request in flight and ends the iteration with the abort reason. */
  signal?: AbortSignal | undefined;
  /** Each page request's time limit, in ms, instead of the SDK's `timeoutMs`. */
  timeoutMs?: number | undefined;
}

/** The items of every page, fetched lazily, one page at a time; also collected by `toArray()`. */
export interface Pages<T> extends AsyncIterable<T> {
  /** Every item (up to `limit`) in one array. */
  toArray(): Promise<T[]>;
}

/**
 * The items of a paged SDK method, page after page, by the provider's `walk`. The next page is
 * requested only once the consumer has taken every item of the current one; breaking out of the
 * loop stops the requests.
 */
export function paginateOperation<T>(
  method: AnyOperationMethod,
  params: Params | undefined,
  options: PaginateCallOptions,
  walkFor: (info: OperationInfo) => PageWalk,
): Pages<T> {
  const info = operationInfo(method);
  if (info === undefined)
    throw new ConfigurationError('paginate takes a method of this SDK, such as sdk.orders.list');
  if (!info.paged) throw new ConfigurationError(`${info.name} is not a paged operation; call it directly`);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 0) || (Number.isFinite(limit) && !Number.isInteger(limit))) {
    throw new ConfigurationError(
      `paginate's limit must be a whole number of items, not ${String(options.limit)}`,
    );
  }
  const walk = walkFor(info);
  const callOptions = { signal: options.signal, timeoutMs: options.timeoutMs };
  async function* items(): AsyncGenerator<T> {
    if (limit === 0) return;
    let taken = 0;
    let pageParams: Params | null = walk.first({ ...params });
    while (pageParams !== null) {
      options.signal?.throwIfAborted();
      const response = await sendOperation(method, pageParams, callOptions);
      const page = walk.items(response);
      for (const item of page) {
        yield item as T;
        if (++taken >= limit) return;
      }
      pageParams = page.length === 0 ? null : walk.next(response, pageParams, page);
    }
  }
  return {
    [Symbol.asyncIterator]: () => items(),
    async toArray() {
      const all: T[] = [];
      for await (const item of items()) all.push(item);
      return all;
    },
  };
}
