import type { ApiResponse } from '../../http/types.js';
import type { PageWalk } from '../sdk/operation-pages.js';

interface PageBody {
  data?: unknown;
  pagination?: { continuationToken?: unknown; pageIndex?: unknown };
}

/**
 * HelloAsso's page walk: follow `pagination.continuationToken` when the answer has one, otherwise
 * the next `pageIndex`; stop on an empty `data`. `totalCount`/`totalPages` are ignored: HelloAsso
 * answers -1 for them on several lists.
 * @see https://dev.helloasso.com/docs/pagination
 *
 * The token replaces the previous one in the next request (never appended), and the page index is
 * dropped once a token is followed, so the URL stays the same length however many pages there are.
 * The directory searches (POST) carry the token in their query string, as the spec declares, and
 * send the same body on every page.
 */
export const helloAssoPageWalk: PageWalk = {
  first: (params) => ({ ...params }),
  items: (response: ApiResponse<unknown>) => {
    const data = (response.data as PageBody | undefined)?.data;
    return Array.isArray(data) ? data : [];
  },
  next: (response, params) => {
    const token = (response.data as PageBody | undefined)?.pagination?.continuationToken;
    if (typeof token === 'string' && token !== '') {
      const { pageIndex: _dropped, ...rest } = params;
      return { ...rest, continuationToken: token };
    }
    const pageIndex = typeof params.pageIndex === 'number' ? params.pageIndex : Number(params.pageIndex ?? 1);
    return { ...params, pageIndex: pageIndex + 1 };
  },
};
