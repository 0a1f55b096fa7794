import type { QueryParams } from '../types.js';
import { getPath, itemsAt, type PaginationStrategy } from './strategy.js';

/** Options of {@link pageIndexPagination}. */
export interface PageIndexPaginationOptions {
  /** Query parameter of the page number. Default `page`. */
  pageParam?: string;
  /** Query parameter of the page size, e.g. `per_page` or `pageSize`. */
  sizeParam?: string;
  pageSize?: number;
  /** Number of the first page. Default 1. */
  firstPage?: number;
  /** Where the items are in the body (dot path); the body itself by default. */
  itemsPath?: string;
  /** Where the total number of pages is (dot path); a negative value means unknown. */
  totalPagesPath?: string;
}

/**
 * Asks for page 1, 2, 3, ... and stops at an empty page, or after the last page when the body
 * says how many there are.
 * @example
 * pageIndexPagination({ pageParam: 'pageIndex', sizeParam: 'pageSize', pageSize: 50, itemsPath: 'data',
 *   totalPagesPath: 'pagination.totalPages' });
 */
export function pageIndexPagination<T = unknown>(
  options: PageIndexPaginationOptions = {},
): PaginationStrategy<T> {
  const { pageParam = 'page', sizeParam, pageSize, firstPage = 1, itemsPath, totalPagesPath } = options;
  return {
    first(request) {
      const query: Record<string, QueryParams[string]> = { ...request.query, [pageParam]: firstPage };
      if (sizeParam !== undefined && pageSize !== undefined) query[sizeParam] = pageSize;
      return { path: request.path, query };
    },
    next(response, previous) {
      if (itemsAt<T>(response, itemsPath).length === 0) return null;
      const page = Number(previous.query?.[pageParam] ?? firstPage);
      const totalPages = getPath(response.data, totalPagesPath);
      if (totalPagesPath !== undefined && typeof totalPages === 'number' && totalPages >= 0) {
        if (page - firstPage + 1 >= totalPages) return null;
      }
      return { path: previous.path, query: { ...previous.query, [pageParam]: page + 1 } };
    },
    items(response) {
      return itemsAt<T>(response, itemsPath);
    },
  };
}
