import type { ProviderApiResponse } from '../../provider-api.js';
import { forbiddenUnlessOwn, isResponse, ownOrganization } from './_access.js';
import { haDate, paymentViews } from './_models.js';
import { haError, inDateRange, matchesUser, ok, paginate, sortByDate } from './_responses.js';
import { scopedOrders } from './_routes-orders.js';
import type { HaContext, HaHandler, HaOrder, HaRecord } from './_types.js';

function listPayments(context: HaContext) {
  const orders = scopedOrders(context);
  if (isResponse(orders)) return orders;
  const states = context.params.states as string[] | undefined;
  const payments = paymentViews(orders).filter(
    (p) =>
      inDateRange(context, p.date) &&
      matchesUser(context, p.payer) &&
      (!states || states.includes(String(p.state))),
  );
  return paginate(context, sortByDate(context, payments));
}

function findPayment(context: HaContext): { order: HaOrder; payment: HaRecord } | ProviderApiResponse {
  for (const order of context.state.orders) {
    const payment = order.payments.find((p) => p.id === context.params.paymentId);
    if (payment) return forbiddenUnlessOwn(context, order.organizationSlug) ?? { order, payment };
  }
  return haError(404, 'NotFound', `Payment ${String(context.params.paymentId)} not found`);
}

function refund(context: HaContext) {
  const found = findPayment(context);
  if (isResponse(found)) return found;
  const { order, payment } = found;
  if (payment.state !== 'Authorized') {
    return haError(
      400,
      'PaymentNotRefundable',
      `Payment ${String(payment.id)} is ${String(payment.state)} and cannot be refunded`,
    );
  }
  const already = (payment.refundOperations as HaRecord[]).reduce((sum, r) => sum + Number(r.amount), 0);
  const remaining = Number(payment.amount) - already;
  const requested = Number(context.params.amount ?? 0);
  if (requested < 0 || requested > remaining) {
    return haError(
      400,
      'InvalidRefundAmount',
      `amount must be between 0 and ${remaining} cents (0 refunds everything left)`,
    );
  }
  const amount = requested === 0 ? remaining : requested;
  const at = haDate(context.now.getTime());
  const operation = {
    id: context.state.nextId++,
    amount,
    cancelOrder: context.params.cancelOrder === true,
    creationDate: at,
    state: 'Processed',
    sendRefundMail: context.params.sendRefundMail !== false,
    paymentId: payment.id,
  };
  (payment.refundOperations as HaRecord[]).push({
    id: operation.id,
    amount,
    amountTip: 0,
    status: 'Processed',
    meta: { createdAt: at, updatedAt: at },
  });
  if (amount === remaining) payment.state = 'Refunded';
  (payment.meta as HaRecord).updatedAt = at;
  if (operation.cancelOrder) for (const item of order.items) item.state = 'Canceled';
  context.state.refunds.push(operation);
  const view = paymentViews([order]).find((p) => p.id === payment.id);
  context.notify('Payment', view);
  return ok(operation);
}

function cashOutExport(context: HaContext): ProviderApiResponse {
  const org = ownOrganization(context);
  if (isResponse(org)) return org;
  const id = context.params.cashOutId;
  const rows = paymentViews(context.state.orders.filter((o) => o.organizationSlug === org.organizationSlug))
    .filter((p) => p.idCashOut === id)
    .map((p) => {
      const order = p.order as HaRecord;
      const payer = p.payer as HaRecord;
      const form = context.state.forms.find(
        (f) => f.formSlug === order.formSlug && f.organizationSlug === org.organizationSlug,
      );
      return {
        campaignType: order.formType,
        campaignName: form?.title ?? null,
        operationType: order.formType === 'Donation' ? 'OneTimeDonation' : 'OneTimePayment',
        // The export is for accountants: amounts are euros with decimals, unlike the rest of the API.
        credit: Number(p.amount) / 100,
        debit: null,
        orderId: order.id,
        paymentId: p.id,
        paymentDate: p.date,
        paymentMethod: p.paymentMeans,
        paymentStatus: 'Paid',
        cashOutDate: p.cashOutDate,
        cashOutId: p.idCashOut,
        designation: (p.items as HaRecord[]).map((i) => String(i.name)).join(', '),
        payerCompany: null,
        payerLastName: payer.lastName,
        payerFirstName: payer.firstName,
        payerEmail: payer.email,
        payerSiren: null,
      };
    });
  if (rows.length === 0) return haError(404, 'NotFound', `Cash-out ${String(id)} not found`);
  if (String(context.request.headers.accept ?? '').includes('text/csv')) {
    const keys = Object.keys(rows[0] ?? {});
    const lines = rows.map((r) => keys.map((k) => `"${String((r as HaRecord)[k] ?? '')}"`).join(';'));
    return {
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      body: `\ufeff${[keys.join(';'), ...lines].join('\r\n')}\r\n`,
    };
  }
  return ok(rows);
}

/** Payments ("Paiements"), refunds and cash-out exports ("Versements"). */
export const paymentRoutes: Record<string, HaHandler> = {
  'GET /organizations/{organizationSlug}/payments': listPayments,
  'GET /organizations/{organizationSlug}/forms/{formType}/{formSlug}/payments': listPayments,
  'GET /payments/{paymentId}': (context) => {
    const found = findPayment(context);
    if (isResponse(found)) return found;
    return ok(paymentViews([found.order]).find((p) => p.id === found.payment.id));
  },
  'POST /payments/{paymentId}/refund': refund,
  'GET /organizations/{organizationSlug}/cash-out/{cashOutId}/export': cashOutExport,
};
