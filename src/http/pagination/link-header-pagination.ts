import type { QueryParams } from '../types.js';
import { findLink } from './parse-link-header.js';
import { itemsAt, type PaginationStrategy } from './strategy.js';

/** Options of {@link linkHeaderPagination}. */
export interface LinkHeaderPaginationOptions {
  /** Where the items are in the body (dot path); the body itself by default (a JSON array). */
  itemsPath?: string;
  /** Query parameter of the page size, e.g. `per_page`; used with `pageSize` on the first request. */
  sizeParam?: string;
  pageSize?: number;
  /** Relation type of the next page. Default `next`. */
  rel?: string;
}

/**
 * Follows `Link: <…>; rel="next"` until an answer has none (GitHub, Misoca). The target may be
 * absolute or relative to the request URL; it must stay on the client's origin.
 * @see https://www.rfc-editor.org/rfc/rfc8288
 * @example
 * api.paginate<Invoice>('/invoices', { strategy: linkHeaderPagination({ sizeParam: 'per_page', pageSize: 100 }) });
 */
export function linkHeaderPagination<T = unknown>(
  options: LinkHeaderPaginationOptions = {},
): PaginationStrategy<T> {
  const { itemsPath, sizeParam, pageSize, rel = 'next' } = options;
  return {
    first(request) {
      if (sizeParam === undefined || pageSize === undefined) return request;
      const query: QueryParams = { ...request.query, [sizeParam]: pageSize };
      return { path: request.path, query };
    },
    next(response) {
      const target = findLink(response.headers.link, rel);
      if (target === undefined || target === '') return null;
      const url = new URL(target, response.url).toString();
      // A server pointing `next` at the page just read would loop forever.
      return url === response.url ? null : { path: url };
    },
    items(response) {
      return itemsAt<T>(response, itemsPath);
    },
  };
}
