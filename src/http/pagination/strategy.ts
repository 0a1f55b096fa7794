import { ApiError } from '../../errors/api-error.js';
import { redactHeaders } from '../../errors/redact.js';
import type { ApiResponse, QueryParams } from '../types.js';

/** One page request: a path (or a same-origin absolute URL) and its query. */
export interface PageRequest {
  path: string;
  query?: QueryParams | undefined;
}

/**
 * How an API pages its lists. `paginate()` asks `first` for the first request, `items` for the
 * items of each answer, and `next` for the following request (`null` ends the iteration).
 * Provider SDKs may write their own; the built-in ones are `linkHeaderPagination`,
 * `pageIndexPagination` and `continuationTokenPagination`.
 */
export interface PaginationStrategy<T> {
  /** The first request, from the caller's path and query (add page size parameters here). */
  first(request: PageRequest): PageRequest;
  /** The request after `response` (the answer to `previous`), or `null` when it was the last page. */
  next(response: ApiResponse<unknown>, previous: PageRequest): PageRequest | null;
  /** The items of one page. */
  items(response: ApiResponse<unknown>): readonly T[];
}

/**
 * The value at a dot-separated `path` in `value` (`'pagination.continuationToken'`);
 * `value` itself when `path` is undefined or empty.
 */
export function getPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '') return value;
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The array at `itemsPath` in a page body; `null`/missing is an empty page, anything else an `ApiError`. */
export function itemsAt<T>(response: ApiResponse<unknown>, itemsPath: string | undefined): readonly T[] {
  const items = getPath(response.data, itemsPath);
  if (items === null || items === undefined) return [];
  if (Array.isArray(items)) return items as T[];
  const url = response.url.split('?')[0] ?? response.url;
  const where = itemsPath ? `"${itemsPath}"` : 'the body root';
  throw new ApiError(
    `GET ${url} answered ${response.status} without an array of items at ${where} (got ${typeof items}); ` +
      'check the pagination strategy options',
    {
      status: response.status,
      method: 'GET',
      url,
      headers: redactHeaders(response.headers),
      body: response.data,
    },
  );
}
