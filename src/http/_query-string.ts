import type { QueryParams, QueryValue } from './types.js';

/**
 * Encodes query parameters without a leading `?`: arrays become repeated keys (`a=1&a=2`),
 * `undefined` and `null` are skipped, dates become ISO 8601 strings. Returns `''` when nothing is left.
 *
 * @example
 * buildQueryString({ page: 2, state: ['open', 'paid'], since: undefined }); // 'page=2&state=open&state=paid'
 */
export function buildQueryString(query: QueryParams): string {
  let result = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly QueryValue[]) result = append(result, key, item);
    } else {
      result = append(result, key, value as QueryValue);
    }
  }
  return result;
}

function append(result: string, key: string, value: QueryValue): string {
  if (value === undefined || value === null) return result;
  const text = value instanceof Date ? value.toISOString() : String(value);
  const pair = `${encodeURIComponent(key)}=${encodeURIComponent(text)}`;
  return result === '' ? pair : `${result}&${pair}`;
}

/** `path` with `queryString` appended, using `&` when `path` already has a query. */
export function appendQueryString(path: string, queryString: string): string {
  if (queryString === '') return path;
  return path.includes('?') ? `${path}&${queryString}` : `${path}?${queryString}`;
}
