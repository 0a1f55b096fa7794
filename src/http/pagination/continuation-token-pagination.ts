import type { QueryParams } from '../types.js';
import { getPath, itemsAt, type PaginationStrategy } from './strategy.js';

/** Options of {@link continuationTokenPagination}. */
export interface ContinuationTokenPaginationOptions {
  /** Query parameter that carries the token. Default `continuationToken`. */
  tokenParam?: string;
  /** Where the items are in the body (dot path). Default `data`. */
  itemsPath?: string;
  /** Where the next token is in the body (dot path). Default `pagination.continuationToken`. */
  tokenPath?: string;
  /** Query parameter of the page size. Default `pageSize`. */
  sizeParam?: string;
  pageSize?: number;
}

/**
 * Sends back the token of each answer until a page comes back empty (HelloAsso: the end is an
 * empty `data`, not a missing token). Stops too when no token, or the same token, comes back.
 * @example
 * api.paginate<Payment>('/organizations/my-club/payments', { strategy: continuationTokenPagination({ pageSize: 100 }) });
 */
export function continuationTokenPagination<T = unknown>(
  options: ContinuationTokenPaginationOptions = {},
): PaginationStrategy<T> {
  const {
    tokenParam = 'continuationToken',
    itemsPath = 'data',
    tokenPath = 'pagination.continuationToken',
    sizeParam = 'pageSize',
    pageSize,
  } = options;
  return {
    first(request) {
      if (pageSize === undefined) return request;
      const query: QueryParams = { ...request.query, [sizeParam]: pageSize };
      return { path: request.path, query };
    },
    next(response, previous) {
      if (itemsAt<T>(response, itemsPath).length === 0) return null;
      const token = getPath(response.data, tokenPath);
      if (typeof token !== 'string' || token === '' || token === previous.query?.[tokenParam]) return null;
      return { path: previous.path, query: { ...previous.query, [tokenParam]: token } };
    },
    items(response) {
      return itemsAt<T>(response, itemsPath);
    },
  };
}
