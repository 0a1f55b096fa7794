import type { ValidationIssue } from '../../openapi/validator.js';
import type { ProviderApiResponse } from '../../provider-api.js';
import type { HaContext } from './_types.js';

/** HelloAsso's error envelope `{ errors: [{ code, message }] }`. */
export function haError(status: number, code: string, message: string): ProviderApiResponse {
  return { status, json: { errors: [{ code, message }] } };
}

/** The ASP.NET validation problem HelloAsso answers for invalid parameters or bodies (400). */
export function validationProblem(issues: readonly ValidationIssue[]): ProviderApiResponse {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    errors[issue.field] = [...(errors[issue.field] ?? []), `${issue.field} ${issue.message}`];
  }
  return {
    status: 400,
    contentType: 'application/problem+json; charset=utf-8',
    json: {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors,
    },
  };
}

/** A JSON success response. */
export function ok(json: unknown, status = 200): ProviderApiResponse {
  return { status, json };
}

/** An empty 200, as HelloAsso answers state changes. */
export const emptyOk: ProviderApiResponse = { status: 200 };

function encodeToken(afterIndex: number, listKey: string): string {
  return Buffer.from(JSON.stringify({ a: afterIndex, k: listKey })).toString('base64url');
}

function decodeToken(token: string, listKey: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      a?: unknown;
      k?: unknown;
    };
    return typeof parsed.a === 'number' && parsed.k === listKey ? parsed.a : undefined;
  } catch {
    return undefined;
  }
}

/**
 * HelloAsso pagination: `pageIndex`/`pageSize`, or a `continuationToken` that resumes after the last
 * item returned. Following tokens ends with a page whose `data` is empty (HelloAsso's documented end
 * signal); `totalCount`/`totalPages` are -1 where the real API says so (`unknownTotals`).
 */
export function paginate<T>(
  context: HaContext,
  items: readonly T[],
  options: { unknownTotals?: boolean; map?: (item: T) => unknown } = {},
): ProviderApiResponse {
  const pageSize = Number(context.params.pageSize ?? 20);
  if (pageSize < 1 || pageSize > 100) {
    return validationProblem([
      { location: 'query', field: 'pageSize', message: 'must be between 1 and 100' },
    ]);
  }
  const listKey = context.request.path;
  const token = context.params.continuationToken;
  let start: number;
  let pageIndex: number;
  if (typeof token === 'string' && token !== '') {
    const after = decodeToken(token, listKey);
    if (after === undefined) {
      return validationProblem([
        { location: 'query', field: 'continuationToken', message: 'is not a valid token' },
      ]);
    }
    start = after;
    pageIndex = Math.floor(after / pageSize) + 1;
  } else {
    pageIndex = Number(context.params.pageIndex ?? 1);
    if (pageIndex < 1)
      return validationProblem([{ location: 'query', field: 'pageIndex', message: 'must be >= 1' }]);
    start = (pageIndex - 1) * pageSize;
  }
  // Only the returned page is turned into its view (copies), not the whole list.
  const data = items.slice(start, start + pageSize).map((item) => (options.map ? options.map(item) : item));
  const nextToken = data.length > 0 ? encodeToken(start + data.length, listKey) : (token ?? null);
  const unknown = options.unknownTotals === true;
  return ok({
    data,
    pagination: {
      pageSize,
      totalCount: unknown ? -1 : items.length,
      pageIndex: unknown ? -1 : pageIndex,
      totalPages: unknown ? -1 : Math.ceil(items.length / pageSize),
      continuationToken: nextToken,
    },
  });
}

/** Keeps records whose `date` is within [`from`, `to`) — HelloAsso's `to` is exclusive. */
export function inDateRange(context: HaContext, date: unknown): boolean {
  const value = Date.parse(String(date));
  const from = context.params.from === undefined ? undefined : Date.parse(String(context.params.from));
  const to = context.params.to === undefined ? undefined : Date.parse(String(context.params.to));
  return (from === undefined || value >= from) && (to === undefined || value < to);
}

/** Sorts by date (or meta.updatedAt / meta.createdAt), newest first unless `sortOrder=Asc`. */
export function sortByDate<T extends Record<string, unknown>>(context: HaContext, list: T[]): T[] {
  const field = context.params.sortField;
  const key = (x: T): string => {
    const meta = (x.meta ?? {}) as Record<string, unknown>;
    if (field === 'UpdateDate') return String(meta.updatedAt ?? x.date);
    if (field === 'CreationDate') return String(meta.createdAt ?? x.date);
    return String(x.date);
  };
  const direction = context.params.sortOrder === 'Asc' ? 1 : -1;
  return list.sort(
    (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : Number(a.id) - Number(b.id)) * direction,
  );
}

/** Free-text search over the payer (`userSearchKey`). */
export function matchesUser(context: HaContext, payer: unknown): boolean {
  const key = context.params.userSearchKey;
  if (typeof key !== 'string' || key === '') return true;
  const p = (payer ?? {}) as Record<string, unknown>;
  const haystack = [p.firstName, p.lastName, p.email].map((x) => String(x ?? '').toLowerCase());
  return haystack.some((h) => h.includes(key.toLowerCase()));
}
