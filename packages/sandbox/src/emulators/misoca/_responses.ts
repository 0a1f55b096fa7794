import type { ProviderApiResponse } from '../../provider-api.js';
import type { MisocaContext, MisocaEntity } from './_types.js';

/** Misoca's error body: `{ "reasons": [...] }` (ApiEntity_Error). */
export function reasons(status: number, ...messages: string[]): ProviderApiResponse {
  return { status, json: { reasons: messages } };
}

/** 404 for a missing record, worded like Rails' RecordNotFound. */
export function notFound(model: string, id: unknown): ProviderApiResponse {
  return reasons(404, `Couldn't find ${model} with 'id'=${String(id)}`);
}

/** A JSON success response. */
export function ok(json: unknown, status = 200): ProviderApiResponse {
  return { status, json };
}

/** Finds a record by the `id` path parameter. */
export function byId(list: readonly MisocaEntity[], context: MisocaContext): MisocaEntity | undefined {
  const id = context.params.id;
  return list.find((entity) => entity.id === id);
}

/**
 * Slices a list into pages and adds RFC 8288 `Link` headers (first/prev/next/last) the way Misoca does,
 * keeping the caller's other query parameters. `page` defaults to 1 and `per_page` to 25.
 */
export function paginated(
  context: MisocaContext,
  items: readonly unknown[],
  resource: string,
): ProviderApiResponse {
  const perPage = Number(context.params.per_page ?? 25);
  const page = Math.max(1, Number(context.params.page ?? 1));
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const link = (target: number, rel: string) => {
    const query = new URLSearchParams(context.request.query);
    query.set('page', String(target));
    if (context.request.query.has('per_page')) query.set('per_page', String(perPage));
    return `<${context.request.baseUrl}/${resource}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(1, 'first'), link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  const headers: Record<string, string> = {};
  if (links.length > 0) headers.link = links.join(', ');
  return { status: 200, headers, json: items.slice((page - 1) * perPage, page * perPage) };
}

/** Copies an entity so later mutations of the state never change a response already handed out. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}
