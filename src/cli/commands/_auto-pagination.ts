// `api --paginate` for `custom`: reads each answer to choose Link headers or a continuation token.
import {
  type ApiResponse,
  continuationTokenPagination,
  getPath,
  linkHeaderPagination,
  type PaginationStrategy,
} from '../../index.js';

/**
 * A strategy that follows `Link: rel="next"` when the body is an array (Misoca's way), and a
 * `pagination.continuationToken` beside `data` otherwise (HelloAsso's way).
 */
export function autoPagination(): PaginationStrategy<unknown> {
  const link = linkHeaderPagination();
  const continuation = continuationTokenPagination();
  const pick = (response: ApiResponse<unknown>) => (Array.isArray(response.data) ? link : continuation);
  return {
    first: (request) => link.first(request),
    next(response, previous) {
      if (!Array.isArray(response.data) && getPath(response.data, 'data') === undefined) return null;
      return pick(response).next(response, previous);
    },
    items(response) {
      if (!Array.isArray(response.data) && getPath(response.data, 'data') === undefined)
        return [response.data];
      return pick(response).items(response);
    },
  };
}
