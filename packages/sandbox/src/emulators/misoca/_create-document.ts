import { isoDate } from '../../openapi/seeded-random.js';
import { buildDocument, jstTimestamp, type LineInput, toLine } from './_documents.js';
import { ok, reasons, snapshot } from './_responses.js';
import type { MisocaContext, MisocaDocumentKind, MisocaEntity } from './_types.js';

const PREFIX: Record<MisocaDocumentKind, string> = { invoice: 'INV', estimate: 'EST', delivery_slip: 'DLV' };
const SECOND_DATE_FIELD: Record<MisocaDocumentKind, string> = {
  invoice: 'payment_due_on',
  estimate: 'expire_date',
  delivery_slip: 'delivery_date',
};

/** The state list holding documents of a kind. */
export function documentsOf(context: MisocaContext, kind: MisocaDocumentKind): MisocaEntity[] {
  if (kind === 'invoice') return context.state.invoices;
  if (kind === 'estimate') return context.state.estimates;
  return context.state.deliverySlips;
}

/** POST /invoice, /estimate, /delivery_slip: the server computes prices and totals from the items. */
export function createDocument(context: MisocaContext, kind: MisocaDocumentKind) {
  const { body, state } = context;
  const contact = state.contacts.find((c) => c.id === body.contact_id);
  if (!contact) return reasons(422, `contact_id is invalid (no contact with id ${String(body.contact_id)})`);
  const list = documentsOf(context, kind);
  const issueDate = String(body.issue_date);
  const number =
    typeof body[`${kind}_number`] === 'string'
      ? String(body[`${kind}_number`])
      : `${PREFIX[kind]}-${issueDate.replace(/[-/]/g, '')}-${String(list.length + 1).padStart(3, '0')}`;
  const secondDate = body[SECOND_DATE_FIELD[kind]];
  const items = Array.isArray(body.items) ? (body.items as LineInput[]) : [];
  const document = buildDocument(state, {
    kind,
    id: state.nextId++,
    number,
    issueDate,
    secondDate: typeof secondDate === 'string' ? secondDate : null,
    subject: typeof body.subject === 'string' ? body.subject : '',
    contact,
    lines: items.map(toLine),
    body: typeof body.body === 'object' && body.body !== null ? (body.body as Record<string, unknown>) : {},
    createdAt: jstTimestamp(context.now),
  });
  list.push(document);
  return ok(snapshot(document), 201);
}

/** Records a change: bumps `lock_version` and `updated_at` as Rails does. */
export function touch(entity: MisocaEntity, context: MisocaContext): void {
  entity.lock_version = Number(entity.lock_version) + 1;
  entity.updated_at = jstTimestamp(context.now);
}

/** Today's date in Japan (`YYYY-MM-DD`). */
export function todayJst(context: MisocaContext): string {
  return isoDate(context.now.getTime() + 9 * 3_600_000);
}
