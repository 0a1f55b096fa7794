import { isResponse, ownOrganization } from './_access.js';
import { buildOrder, haDate, paymentViews } from './_models.js';
import { haError, ok, validationProblem } from './_responses.js';
import type { HaCheckoutIntent, HaContext, HaHandler, HaOrder, HaRecord, HaState } from './_types.js';

/** How a checkout ends when the payer is done on the payment page. */
export type CheckoutOutcome = 'succeeded' | 'refused';

function initCheckout(context: HaContext) {
  const org = ownOrganization(context);
  if (isResponse(org)) return org;
  const body = context.body;
  const terms = Array.isArray(body.terms) ? (body.terms as { amount: number }[]) : [];
  const expected = Number(body.initialAmount) + terms.reduce((sum, t) => sum + t.amount, 0);
  if (Number(body.totalAmount) !== expected) {
    return validationProblem([
      {
        location: 'body',
        field: 'totalAmount',
        message: `must equal initialAmount plus the terms (${expected} cents)`,
      },
    ]);
  }
  if (Number(body.initialAmount) < 50 && Number(body.totalAmount) > 0) {
    return validationProblem([
      { location: 'body', field: 'initialAmount', message: 'must be at least 50 cents' },
    ]);
  }
  const id = context.state.nextId++;
  const hostRoot = context.request.baseUrl.replace(/\/v5\/?$/, '');
  const intent: HaCheckoutIntent = {
    id,
    organizationSlug: org.organizationSlug,
    body: structuredClone(body),
    redirectUrl: `${hostRoot}/checkout/${org.organizationSlug}/${id}`,
    // HelloAsso's redirect URL is valid for 15 minutes.
    expiresAt: context.now.getTime() + 15 * 60_000,
  };
  context.state.checkoutIntents.push(intent);
  return ok({ id, redirectUrl: intent.redirectUrl });
}

/**
 * Completes a checkout intent as if the payer paid (or was refused) on HelloAsso's page: creates the
 * order and its payments (installments as `Pending`), and returns the order with the events to notify.
 */
export function completeCheckout(
  state: HaState,
  intentId: number,
  outcome: CheckoutOutcome,
  now: Date,
): { order: HaOrder; events: { eventType: string; data: unknown }[]; metadata: unknown } | undefined {
  const intent = state.checkoutIntents.find((i) => i.id === intentId);
  const organization = state.organizations.find((o) => o.organizationSlug === intent?.organizationSlug);
  const form = state.forms.find(
    (f) => f.organizationSlug === intent?.organizationSlug && f.formType === 'Checkout',
  );
  if (!intent || !organization || !form || intent.orderId !== undefined) return undefined;
  const body = intent.body;
  const payer = (body.payer ?? {}) as HaRecord;
  const firstName = String(payer.firstName ?? 'Camille');
  const lastName = String(payer.lastName ?? 'Martin');
  const order = buildOrder({
    id: state.nextId++,
    organization,
    form,
    date: now.getTime(),
    payer: { email: 'camille.martin@example.fr', country: 'FRA', ...payer, firstName, lastName },
    lines: [
      {
        name: String(body.itemName),
        amount: Number(body.totalAmount),
        tierType: body.containsDonation === true ? 'Donation' : 'Payment',
        tierId: 0,
        firstName,
        lastName,
      },
    ],
    paymentState: outcome === 'succeeded' ? 'Authorized' : 'Refused',
    paymentId: state.nextId++,
    firstItemId: state.nextId++,
    checkoutIntentId: intent.id,
  });
  const first = order.payments[0] as HaRecord;
  first.amount = Number(body.initialAmount);
  const terms = Array.isArray(body.terms) ? (body.terms as { amount: number; date: string }[]) : [];
  terms.forEach((term, index) => {
    const at = haDate(Date.parse(term.date));
    order.payments.push({
      ...structuredClone(first),
      id: state.nextId++,
      amount: term.amount,
      date: at,
      state: 'Pending',
      installmentNumber: index + 2,
      cashOutState: 'Unknown',
      meta: { createdAt: at, updatedAt: at },
    });
  });
  intent.orderId = order.id;
  state.orders.push(order);
  const payment = paymentViews([order])[0];
  const events =
    outcome === 'succeeded'
      ? [
          { eventType: 'Order', data: structuredClone(order) },
          { eventType: 'Payment', data: payment },
        ]
      : [{ eventType: 'Payment', data: payment }];
  return { order, events, metadata: body.metadata ?? undefined };
}

/** Checkout intents ("Checkout"). */
export const checkoutRoutes: Record<string, HaHandler> = {
  'POST /organizations/{organizationSlug}/checkout-intents': initCheckout,
  'GET /organizations/{organizationSlug}/checkout-intents/{checkoutIntentId}': (context: HaContext) => {
    const org = ownOrganization(context);
    if (isResponse(org)) return org;
    const intent = context.state.checkoutIntents.find(
      (i) => i.id === context.params.checkoutIntentId && i.organizationSlug === org.organizationSlug,
    );
    if (!intent)
      return haError(404, 'NotFound', `Checkout intent ${String(context.params.checkoutIntentId)} not found`);
    const order = context.state.orders.find((o) => o.id === intent.orderId);
    return ok({
      metadata: intent.body.metadata ?? null,
      ...(order ? { order: structuredClone(order) } : {}),
      id: intent.id,
      redirectUrl: intent.redirectUrl,
    });
  },
};
