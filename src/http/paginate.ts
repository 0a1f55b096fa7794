import type { PageRequest, PaginationStrategy } from './pagination/strategy.js';
import type { ApiResponse, QueryParams } from './types.js';

/** Options of `ApiClient.paginate`. */
export interface PaginateOptions<T> {
  /** How the API pages: `linkHeaderPagination()`, `pageIndexPagination(...)`, ... */
  strategy: PaginationStrategy<T>;
  query?: QueryParams | undefined;
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

/** Sends one page request (a GET through `ApiClient.request`). */
export type SendPageRequest = (
  request: PageRequest & { headers?: Record<string, string> | undefined; signal?: AbortSignal | undefined },
) => Promise<ApiResponse<unknown>>;

/**
 * Yields the items of every page one by one. The next page is requested only when the consumer
 * has taken every item of the current one, and only one page is held at a time, so memory stays
 * flat however long the list is; breaking out of the loop stops the requests.
 */
export async function* paginate<T>(
  send: SendPageRequest,
  path: string,
  options: PaginateOptions<T>,
): AsyncGenerator<T> {
  const { strategy, headers, signal } = options;
  let request: PageRequest | null = strategy.first({ path, query: options.query });
  while (request !== null) {
    const response = await send({ path: request.path, query: request.query, headers, signal });
    const items = strategy.items(response);
    for (const item of items) yield item;
    request = strategy.next(response, request);
  }
}
