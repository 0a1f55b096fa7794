import { createDocument, documentsOf } from './_create-document.js';
import { filterByGroup, filterByType, sortDocuments } from './_document-lists.js';
import { jstTimestamp } from './_documents.js';
import { buildPdf, pdfResponse } from './_pdf.js';
import { byId, notFound, ok, paginated, reasons, snapshot } from './_responses.js';
import type { MisocaContext, MisocaDocumentKind, MisocaHandler } from './_types.js';

const MODEL: Record<MisocaDocumentKind, string> = {
  invoice: 'Invoice',
  estimate: 'Estimate',
  delivery_slip: 'DeliverySlip',
};

function list(kind: MisocaDocumentKind, resource: string): MisocaHandler {
  return (context) => {
    const found = filterByGroup(context, filterByType(documentsOf(context, kind), context.params.type));
    return paginated(context, snapshot(sortDocuments(found, 'created_at', 'desc')), resource);
  };
}

function read(kind: MisocaDocumentKind): MisocaHandler {
  return (context) => {
    const document = byId(documentsOf(context, kind), context);
    return document ? ok(snapshot(document)) : notFound(MODEL[kind], context.params.id);
  };
}

function pdf(kind: MisocaDocumentKind): MisocaHandler {
  return async (context) => {
    const document = byId(documentsOf(context, kind), context);
    if (!document) return notFound(MODEL[kind], context.params.id);
    const file = await buildPdf(kind, document);
    return pdfResponse(context.request, `${String(document[`${kind}_number`])}.pdf`, file);
  };
}

/** The sandbox user has uploaded no logo or seal image, so Misoca answers 204 No Content. */
const noImage: MisocaHandler = (context) => {
  const estimate = byId(context.state.estimates, context);
  return estimate ? { status: 204 } : notFound('Estimate', context.params.id);
};

function distribute(context: MisocaContext) {
  const estimate = byId(context.state.estimates, context);
  if (!estimate) return notFound('Estimate', context.params.id);
  const contact = context.state.contacts.find((c) => c.id === estimate.contact_id);
  const mailTo = String(contact?.recipient_mail_address ?? '');
  if (mailTo === '') return reasons(422, '送付先のメールアドレスを入力してください');
  const at = jstTimestamp(context.now);
  const body = context.body;
  const includeSelf = body.including_self_to_cc === true;
  const distribution = {
    id: context.state.nextId++,
    mail_subject: String(body.mail_subject),
    mail_message: String(body.mail_body ?? body.mail_message ?? ''),
    mail_to: mailTo,
    mail_cc: [contact?.recipient_mail_address_cc, includeSelf ? context.state.user.email : '']
      .filter((x) => typeof x === 'string' && x !== '')
      .join(','),
    mail_sent_at: at,
    document: snapshot(estimate),
    created_at: at,
    updated_at: at,
  };
  estimate.estimate_status = 1;
  estimate.issued = true;
  context.state.distributions.push(distribution);
  return ok(distribution, 201);
}

/** Estimates (見積書) and delivery slips (納品書). */
export const documentRoutes: Record<string, MisocaHandler> = {
  'GET /estimates': list('estimate', 'estimates'),
  'POST /estimate': (context) => createDocument(context, 'estimate'),
  'GET /estimate/{id}': read('estimate'),
  'GET /estimate/{id}/pdf': pdf('estimate'),
  'GET /estimate/{id}/logo': noImage,
  'GET /estimate/{id}/stamp': noImage,
  'POST /estimate/{id}/distribute': distribute,
  'GET /delivery_slips': list('delivery_slip', 'delivery_slips'),
  'POST /delivery_slip': (context) => createDocument(context, 'delivery_slip'),
  'GET /delivery_slip/{id}': read('delivery_slip'),
  'GET /delivery_slip/{id}/pdf': pdf('delivery_slip'),
};
