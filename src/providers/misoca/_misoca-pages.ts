import { findLink } from '../../http/pagination/parse-link-header.js';
import type { ApiResponse } from '../../http/types.js';
import type { PageWalk } from '../sdk/operation-pages.js';
import type { OperationInfo } from '../sdk/operation-types.js';
import { QUERY_PARAMETERS } from './generated/misoca-spec-tables.js';

/** The largest page Misoca serves (the spec's `per_page` range is 1–100). */
export const MAX_PER_PAGE = 100;

/**
 * Misoca's pages: the answer is a JSON array, and the `Link` header's `rel="next"` (RFC 8288)
 * names the next page. `per_page` is set to 100 where the operation takes it and the caller did not
 * choose a size.
 * @see https://www.rfc-editor.org/rfc/rfc8288
 */
export function misocaPageWalk(info: OperationInfo): PageWalk {
  const query = QUERY_PARAMETERS[`${info.method} ${info.path}` as keyof typeof QUERY_PARAMETERS] as
    | Record<string, string>
    | undefined;
  const takesPerPage = query?.per_page !== undefined;
  return {
    first: (params) =>
      takesPerPage && params.per_page === undefined ? { ...params, per_page: MAX_PER_PAGE } : params,
    items: (response) => (Array.isArray(response.data) ? response.data : []),
    next: (response, params) => {
      const target = nextLink(response);
      if (target === null) return null;
      const next = { ...params };
      // Only the parameters the spec knows are taken from the link, so the path stays the method's own.
      for (const [name, value] of target.searchParams) {
        if (query?.[name] !== undefined) next[name] = value;
      }
      return next;
    },
  };
}

function nextLink(response: ApiResponse<unknown>): URL | null {
  const target = findLink(response.headers.link, 'next');
  if (target === undefined) return null;
  try {
    return new URL(target, response.url);
  } catch {
    return null;
  }
}
