import { appendQueryString, buildQueryString } from './_query-string.js';
import { type PreparedBody, prepareBody } from './_request-body.js';
import { resolvePath } from './_url.js';
import type { HttpMethod, QueryParams } from './types.js';

/** What every attempt of one request sends, computed once before the first. */
export interface PreparedRequest {
  method: HttpMethod;
  /** What follows the origin, query included. */
  path: string;
  /** The full URL without its query string, for events and errors. */
  url: string;
  body: PreparedBody | undefined;
  /** Whether the request can be sent again (its body is not a one-shot stream). */
  replayable: boolean;
  /** The client's headers with the request's own and the body's content type over them; no token yet. */
  headers: Record<string, string>;
}

/** The parts of `ApiClient.request` options that shape what is sent. */
export interface RequestShape {
  method: string;
  path: string;
  query?: QueryParams | undefined;
  body?: unknown;
  headers?: Record<string, string> | undefined;
}

/** Resolves the method, path, URL, body and headers of a request on `origin` + `basePath`. */
export function prepareRequest(
  origin: string,
  basePath: string,
  clientHeaders: Record<string, string>,
  options: RequestShape,
): PreparedRequest {
  const method = options.method.toUpperCase() as HttpMethod;
  const pathname = resolvePath(origin, basePath, options.path);
  const path =
    options.query === undefined ? pathname : appendQueryString(pathname, buildQueryString(options.query));
  const queryAt = pathname.indexOf('?');
  const url = origin + (queryAt === -1 ? pathname : pathname.slice(0, queryAt));
  const body = options.body === undefined ? undefined : prepareBody(options.body);
  let headers = clientHeaders;
  // The client's own object is shared by every request: copy it only when something is added.
  if (options.headers !== undefined || body?.contentType !== undefined) {
    headers = { ...headers };
    if (body?.contentType !== undefined) headers['content-type'] = body.contentType;
    if (options.headers !== undefined) Object.assign(headers, lowerCaseKeys(options.headers));
  }
  return { method, path, url, body, replayable: body === undefined || body.replayable, headers };
}

/** The same headers with lower-case names, so that a caller's `Accept` replaces the default `accept`. */
export function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) result[name.toLowerCase()] = headers[name] as string;
  return result;
}
