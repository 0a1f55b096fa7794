import { jstTimestamp } from './_documents.js';
import { byId, notFound, ok, reasons, snapshot } from './_responses.js';
import { contactGroupEntity } from './_seed.js';
import type { MisocaContext, MisocaEntity, MisocaHandler } from './_types.js';

function setTrashed(entity: MisocaEntity, trashed: boolean, context: MisocaContext): void {
  entity.trashed = trashed;
  entity.trashed_at = trashed ? jstTimestamp(context.now) : null;
  entity.lock_version = Number(entity.lock_version) + 1;
  entity.updated_at = jstTimestamp(context.now);
}

function trashRoute(kind: 'contact' | 'group', trashed: boolean): MisocaHandler {
  return (context) => {
    const list = kind === 'contact' ? context.state.contacts : context.state.contactGroups;
    const entity = byId(list, context);
    if (!entity) return notFound(kind === 'contact' ? 'Contact' : 'ContactGroup', context.params.id);
    setTrashed(entity, trashed, context);
    return ok(snapshot(entity));
  };
}

function createContact(context: MisocaContext) {
  const { state, body } = context;
  const at = jstTimestamp(context.now);
  let group: MisocaEntity | undefined;
  if (body.contact_group_id !== undefined) {
    group = state.contactGroups.find((g) => g.id === body.contact_group_id);
    if (!group) return reasons(422, 'contact_group_id is invalid');
  } else if (typeof body.recipient_name === 'string' && body.recipient_name !== '') {
    // Without a group id Misoca creates the 取引先 from the contact's own name and tax settings.
    group = contactGroupEntity(state, state.nextId++, body, at);
    state.contactGroups.push(group);
  } else {
    return reasons(
      422,
      'contact_group_id, recipient_name are missing, exactly one parameter must be provided',
    );
  }
  const text = (name: string, fallback = '') => String(body[name] ?? fallback);
  const contact: MisocaEntity = {
    id: state.nextId++,
    contact_group_id: group.id,
    user_id: state.user.id,
    recipient_code: text('recipient_code'),
    recipient_name: String(group.recipient_name),
    recipient_ruby: String(group.recipient_ruby),
    recipient_title: String(group.recipient_title),
    recipient_notes: text('recipient_notes'),
    recipient_mail_address: text('recipient_mail_address'),
    recipient_mail_address_cc: text('recipient_mail_address_cc'),
    recipient_tel_no: text('recipient_tel_no'),
    recipient_fax_no: text('recipient_fax_no'),
    memo: text('memo'),
    favorited: false,
    favorited_at: null,
    trashed: false,
    trashed_at: null,
    recipient_zip_code: text('recipient_zip_code'),
    recipient_address1: text('recipient_address1'),
    recipient_address2: text('recipient_address2'),
    recipient_name1: text('recipient_name1', String(group.recipient_name)),
    recipient_name2: text('recipient_name2'),
    recipient_name3: text('recipient_name3'),
    recipient_name4: text('recipient_name4'),
    recipient_title2: text('recipient_title2'),
    tax_option: text('tax_option', String(group.tax_option)),
    corporate_number: String(group.corporate_number),
    lock_version: 0,
    created_at: at,
    updated_at: at,
  };
  state.contacts.push(contact);
  return ok(snapshot(contact), 201);
}

/** Contacts (送り先) and contact groups (取引先): lists, create, read, hide/unhide. */
export const contactRoutes: Record<string, MisocaHandler> = {
  'GET /contacts': (context) => {
    const trashed = context.params.trashed === true;
    const groupId = context.params.contact_group_id;
    const list = context.state.contacts.filter(
      (c) => c.trashed === trashed && (groupId === undefined || c.contact_group_id === groupId),
    );
    return ok(snapshot(list));
  },
  'POST /contact': createContact,
  'GET /contact/{id}': (context) => {
    const contact = byId(context.state.contacts, context);
    return contact ? ok(snapshot(contact)) : notFound('Contact', context.params.id);
  },
  'PUT /contact/{id}/trashed': trashRoute('contact', true),
  'DELETE /contact/{id}/trashed': trashRoute('contact', false),
  'GET /contact_groups': (context) => {
    const trashed = context.params.trashed === true;
    return ok(snapshot(context.state.contactGroups.filter((g) => g.trashed === trashed)));
  },
  'POST /contact_group': (context) => {
    const group = contactGroupEntity(
      context.state,
      context.state.nextId++,
      context.body,
      jstTimestamp(context.now),
    );
    if (group.recipient_name.trim() === '') return reasons(422, 'recipient_name is empty');
    context.state.contactGroups.push(group);
    return ok(snapshot(group), 201);
  },
  'GET /contact_group/{id}': (context) => {
    const group = byId(context.state.contactGroups, context);
    return group ? ok(snapshot(group)) : notFound('ContactGroup', context.params.id);
  },
  'PUT /contact_group/{id}/trashed': trashRoute('group', true),
  'DELETE /contact_group/{id}/trashed': trashRoute('group', false),
};
