import { createDocument, todayJst, touch } from './_create-document.js';
import { filterByGroup, filterByType, queryDate, sortDocuments } from './_document-lists.js';
import { jstTimestamp } from './_documents.js';
import { buildPdf, pdfResponse } from './_pdf.js';
import { byId, notFound, ok, paginated, reasons, snapshot } from './_responses.js';
import type { MisocaContext, MisocaEntity, MisocaHandler } from './_types.js';

function inRange(value: unknown, from: unknown, to: unknown): boolean {
  const v = typeof value === 'string' ? value.slice(0, 10) : '';
  const lower = queryDate(from);
  const upper = queryDate(to);
  return (lower === undefined || v >= lower) && (upper === undefined || v <= upper);
}

/** 社内メモ (the private memo), searched by `condition` with the number, partner name and subject. */
function memo(invoice: MisocaEntity): unknown {
  return (invoice.body as Record<string, unknown>).private_sender_memo;
}

function listInvoices(context: MisocaContext) {
  const p = context.params;
  const keyword = typeof p.condition === 'string' ? p.condition : '';
  let list = filterByGroup(context, filterByType(context.state.invoices, p.type)).filter(
    (invoice) =>
      inRange(invoice.issue_date, p.from, p.to) &&
      inRange(invoice.payment_due_on, p.due_date_from, p.due_date_to) &&
      inRange(invoice.updated_at, p.updated_at_from, p.updated_at_to) &&
      (p.payment_status === undefined || invoice.payment_status === (p.payment_status === 'paid' ? 1 : 0)) &&
      (p.invoice_status === undefined ||
        invoice.invoice_status === (p.invoice_status === 'submitted' ? 1 : 0)) &&
      (keyword === '' ||
        [invoice.invoice_number, invoice.recipient_name, invoice.subject, memo(invoice)].some((f) =>
          String(f).includes(keyword),
        )),
  );
  list = sortDocuments(list, p.order_by, p.order);
  return paginated(context, snapshot(list), 'invoices');
}

/** Misoca moves an invoice that is both submitted and paid to 処理済 (archived). */
function refreshArchived(invoice: MisocaEntity, context: MisocaContext): void {
  const done = invoice.invoice_status === 1 && invoice.payment_status === 1;
  if (done && invoice.archived_at === null) invoice.archived_at = jstTimestamp(context.now);
  if (!done) invoice.archived_at = null;
  invoice.issued = invoice.invoice_status === 1;
}

function change(
  mutate: (invoice: MisocaEntity, context: MisocaContext) => string | undefined,
): MisocaHandler {
  return (context) => {
    const invoice = byId(context.state.invoices, context);
    if (!invoice) return notFound('Invoice', context.params.id);
    const problem = mutate(invoice, context);
    if (problem) return reasons(422, problem);
    touch(invoice, context);
    refreshArchived(invoice, context);
    return ok(snapshot(invoice));
  };
}

/** Invoices (請求書): list with filters and Link pagination, create, read, PDF, status toggles, postal mail. */
export const invoiceRoutes: Record<string, MisocaHandler> = {
  'GET /invoices': listInvoices,
  'POST /invoice': (context) => createDocument(context, 'invoice'),
  'GET /invoice/{id}': (context) => {
    const invoice = byId(context.state.invoices, context);
    return invoice ? ok(snapshot(invoice)) : notFound('Invoice', context.params.id);
  },
  'GET /invoice/{id}/pdf': async (context) => {
    const invoice = byId(context.state.invoices, context);
    if (!invoice) return notFound('Invoice', context.params.id);
    const pdf = await buildPdf('invoice', invoice);
    return pdfResponse(context.request, `${String(invoice.invoice_number)}.pdf`, pdf);
  },
  'PUT /invoice/{id}/submitted': change((invoice) => {
    invoice.invoice_status = 1;
    return undefined;
  }),
  'DELETE /invoice/{id}/submitted': change((invoice) => {
    invoice.invoice_status = 0;
    return undefined;
  }),
  'PUT /invoice/{id}/paid': change((invoice, context) => {
    const paidOn =
      queryDate(context.body.paid_on) ?? (invoice.payment_due_on as string | null) ?? todayJst(context);
    invoice.payment_status = 1;
    invoice.invoice_payment_history = { last_paid_on: paidOn };
    return undefined;
  }),
  'DELETE /invoice/{id}/paid': change((invoice) => {
    invoice.payment_status = 0;
    invoice.invoice_payment_history = { last_paid_on: null };
    return undefined;
  }),
  'PUT /invoice/{id}/trashed': change((invoice, context) => {
    invoice.trashed_at = jstTimestamp(context.now);
    return undefined;
  }),
  'DELETE /invoice/{id}/trashed': change((invoice) => {
    invoice.trashed_at = null;
    return undefined;
  }),
  'POST /invoice/{id}/send_by_postal_mail': (context) => {
    const invoice = byId(context.state.invoices, context);
    if (!invoice) return notFound('Invoice', context.params.id);
    const body = invoice.body as Record<string, unknown>;
    const problems: string[] = [];
    if (invoice.trashed_at !== null) problems.push('ごみ箱にある請求書は郵送できません');
    if (!body.recipient_zip_code) problems.push('送付先の郵便番号を入力してください');
    if (!body.recipient_address1) problems.push('送付先の住所を入力してください');
    if (problems.length > 0) return reasons(422, ...problems);
    invoice.invoice_status = 1;
    touch(invoice, context);
    refreshArchived(invoice, context);
    return ok({ invoice: snapshot(invoice), delivery_status_result: '発送準備中' }, 201);
  },
};
