import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/misoca-openapi.js';

/** `misoca.contacts`: 送り先, the addresses documents are sent to (each belongs to a contact group). */
export function contactsResource(bind: OperationBinder<paths>) {
  return {
    /** Lists contacts (`GET /contacts`), filtered by `trashed` or `contact_group_id`. */
    list: bind.paged('contacts.list', 'GET /contacts'),
    /** One contact (`GET /contact/{id}`). */
    get: bind.json('contacts.get', 'GET /contact/{id}'),
    /**
     * Creates a contact (`POST /contact`): give `body.contact_group_id` (name, title and tax settings
     * then come from the group) or `body.recipient_name`. Scope `write`.
     */
    create: bind.json('contacts.create', 'POST /contact'),
    /** Hides a contact (非表示, `PUT /contact/{id}/trashed`). Scope `write`. */
    trash: bind.json('contacts.trash', 'PUT /contact/{id}/trashed'),
    /** Shows a hidden contact again (`DELETE /contact/{id}/trashed`). Scope `write`. */
    untrash: bind.json('contacts.untrash', 'DELETE /contact/{id}/trashed'),
  };
}

/** The methods of `misoca.contacts`. */
export type MisocaContacts = ReturnType<typeof contactsResource>;
