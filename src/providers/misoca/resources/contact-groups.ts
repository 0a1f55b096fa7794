import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/misoca-openapi.js';

/** `misoca.contactGroups`: 取引先, the business partners that contacts belong to. */
export function contactGroupsResource(bind: OperationBinder<paths>) {
  return {
    /** Lists contact groups (`GET /contact_groups`), hidden ones with `trashed: true`. */
    list: bind.paged('contactGroups.list', 'GET /contact_groups'),
    /** One contact group (`GET /contact_group/{id}`). */
    get: bind.json('contactGroups.get', 'GET /contact_group/{id}'),
    /** Creates a contact group (`POST /contact_group`); `body.recipient_name` is required. Scope `write`. */
    create: bind.json('contactGroups.create', 'POST /contact_group'),
    /** Hides a contact group (`PUT /contact_group/{id}/trashed`). Scope `write`. */
    trash: bind.json('contactGroups.trash', 'PUT /contact_group/{id}/trashed'),
    /** Shows a hidden contact group again (`DELETE /contact_group/{id}/trashed`). Scope `write`. */
    untrash: bind.json('contactGroups.untrash', 'DELETE /contact_group/{id}/trashed'),
  };
}

/** The methods of `misoca.contactGroups`. */
export type MisocaContactGroups = ReturnType<typeof contactGroupsResource>;
