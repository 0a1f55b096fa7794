import type { MisocaContext, MisocaEntity } from './_types.js';

/** Misoca's `type` filter: active (default), archived, trashed, or untrashed (active + archived). */
export function filterByType(documents: readonly MisocaEntity[], type: unknown): MisocaEntity[] {
  return documents.filter((d) => {
    const trashed = d.trashed_at !== null;
    const archived = d.archived_at !== null;
    if (type === 'trashed') return trashed;
    if (type === 'untrashed') return !trashed;
    if (type === 'archived') return archived && !trashed;
    return !archived && !trashed;
  });
}

/** Keeps documents whose contact belongs to the `contact_group_id` parameter, when given. */
export function filterByGroup(context: MisocaContext, documents: MisocaEntity[]): MisocaEntity[] {
  const groupId = context.params.contact_group_id;
  if (groupId === undefined) return documents;
  const contactIds = new Set(
    context.state.contacts.filter((c) => c.contact_group_id === groupId).map((c) => c.id),
  );
  return documents.filter((d) => contactIds.has(Number(d.contact_id)));
}

/** Sorts by a field (default `created_at`, newest first), with the id as a stable tie-breaker. */
export function sortDocuments(documents: MisocaEntity[], orderBy: unknown, order: unknown): MisocaEntity[] {
  const field = typeof orderBy === 'string' ? orderBy : 'created_at';
  const direction = order === 'asc' ? 1 : -1;
  return documents.sort((a, b) => {
    const left = String(a[field] ?? '');
    const right = String(b[field] ?? '');
    return (left < right ? -1 : left > right ? 1 : a.id - b.id) * direction;
  });
}

/** `YYYY/MM/DD` or `YYYY-MM-DD` query dates → comparable `YYYY-MM-DD`. */
export function queryDate(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.replaceAll('/', '-').slice(0, 10) : undefined;
}
