import type { HaForm, HaOrder, HaOrganization, HaRecord, HaState } from './_types.js';

/** HelloAsso's ISO timestamps (`2025-03-04T10:15:00+01:00` style; UTC offset kept as `Z` here). */
export function haDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const CUSTOM_FIELDS: Record<string, [string, string, readonly string[]]> = {
  Membership: ['Date de naissance', 'Date', ['12/03/1986', '01/07/1992', '23/11/1978']],
  Registration: ['Régime alimentaire', 'ChoiceList', ['Aucun', 'Végétarien', 'Sans gluten']],
  Product: ['Taille', 'ChoiceList', ['S', 'M', 'L', 'XL']],
};

/** The answers a payer gave on the form's custom fields, by tier type. */
function customFieldsFor(tierType: string, itemId: number): HaRecord[] {
  const field = CUSTOM_FIELDS[tierType];
  if (!field) return [];
  const [name, type, answers] = field;
  return [
    {
      id: 300 + Object.keys(CUSTOM_FIELDS).indexOf(tierType),
      name,
      type,
      answer: answers[itemId % answers.length],
    },
  ];
}

/** Input to {@link buildOrder}: one payment for the whole order, amounts in cents. */
export interface OrderInput {
  id: number;
  organization: HaOrganization;
  form: HaForm;
  date: number;
  payer: HaRecord;
  lines: {
    name: string;
    amount: number;
    tierType: string;
    tierId: number;
    firstName: string;
    lastName: string;
  }[];
  paymentState: string;
  paymentId: number;
  firstItemId: number;
  checkoutIntentId?: number;
  cashOutId?: number;
}

/** Builds an order in the OrderDetail shape, with its items and its (single) payment. */
export function buildOrder(input: OrderInput): HaOrder {
  const at = haDate(input.date);
  const total = input.lines.reduce((sum, line) => sum + line.amount, 0);
  const items = input.lines.map((line, index) => ({
    payments: [{ id: input.paymentId, shareAmount: line.amount }],
    name: line.name,
    user: { firstName: line.firstName, lastName: line.lastName },
    priceCategory: 'Fixed',
    customFields: customFieldsFor(line.tierType, input.firstItemId + index),
    options: [],
    tierId: line.tierId,
    id: input.firstItemId + index,
    amount: line.amount,
    type: line.tierType,
    initialAmount: line.amount,
    state: input.paymentState === 'Refused' ? 'Refused' : 'Processed',
    ...(line.tierType === 'Membership'
      ? { membershipCardUrl: `${String(input.organization.url)}/carte/${input.firstItemId + index}` }
      : {}),
    ...(line.tierType === 'Registration'
      ? { ticketUrl: `${String(input.organization.url)}/billet/${input.firstItemId + index}` }
      : {}),
  }));
  const cashedOut = input.cashOutId !== undefined;
  const payment = {
    items: items.map((item) => ({ id: item.id, shareAmount: item.amount, shareItemAmount: item.amount })),
    ...(cashedOut ? { cashOutDate: haDate(input.date + 10 * 86_400_000), idCashOut: input.cashOutId } : {}),
    cashOutState: cashedOut ? 'CashedOut' : input.paymentState === 'Authorized' ? 'MoneyIn' : 'Unknown',
    paymentReceiptUrl: `${String(input.organization.url)}/paiements/${input.paymentId}/recu`,
    id: input.paymentId,
    amount: total,
    amountTip: 0,
    date: at,
    paymentMeans: 'Card',
    installmentNumber: 1,
    state: input.paymentState,
    type: 'Credit',
    meta: { createdAt: at, updatedAt: at },
    refundOperations: [],
  };
  return {
    payer: input.payer,
    items,
    payments: [payment],
    amount: { total, vat: 0, discount: 0 },
    id: input.id,
    date: at,
    formSlug: input.form.formSlug,
    formType: input.form.formType,
    organizationName: input.organization.name,
    organizationSlug: input.organization.organizationSlug,
    organizationType: String(input.organization.type),
    organizationIsUnderColucheLaw: true,
    ...(input.checkoutIntentId !== undefined ? { checkoutIntentId: input.checkoutIntentId } : {}),
    meta: { createdAt: at, updatedAt: at },
  };
}

/** The OrderLight view embedded in payments and items. */
export function orderLight(order: HaOrder): HaRecord {
  const { payer: _p, items: _i, payments: _pay, amount: _a, ...light } = order;
  return structuredClone(light);
}

/** The Order list view: `withDetails` is what adds the items' custom fields ("Set to true to return CustomFields"). */
export function orderView(order: HaOrder, withDetails: boolean): HaRecord {
  const view = structuredClone(order);
  if (!withDetails) for (const item of view.items) delete item.customFields;
  return view;
}

/** All payments of orders, in the Statistics.Payment shape. */
export function paymentViews(orders: readonly HaOrder[]): HaRecord[] {
  return orders.flatMap((order) =>
    order.payments.map((payment) => {
      const items = (payment.items as HaRecord[]).map((share) => {
        const item = order.items.find((i) => i.id === share.id);
        return {
          ...share,
          id: share.id,
          amount: item?.amount,
          type: item?.type,
          state: item?.state,
          name: item?.name,
        };
      });
      return {
        ...structuredClone(payment),
        items,
        order: orderLight(order),
        payer: structuredClone(order.payer),
      };
    }),
  );
}

const ITEM_PAYMENT_FIELDS = [
  'cashOutState',
  'id',
  'amount',
  'amountTip',
  'date',
  'paymentMeans',
  'installmentNumber',
  'state',
  'type',
  'meta',
  'paymentOffLineMean',
  'refundOperations',
];

function pick(record: HaRecord, fields: readonly string[]): HaRecord {
  return Object.fromEntries(fields.filter((f) => f in record).map((f) => [f, structuredClone(record[f])]));
}

/** All items of orders, in the Statistics.Item shape. */
export function itemViews(orders: readonly HaOrder[], withDetails: boolean): HaRecord[] {
  return orders.flatMap((order) =>
    order.items.map((item) => {
      const payments = order.payments.map((payment) => ({
        ...pick(payment, ITEM_PAYMENT_FIELDS),
        shareAmount: (item.payments as { shareAmount: number }[])[0]?.shareAmount ?? 0,
      }));
      const view: HaRecord = {
        ...structuredClone(item),
        order: orderLight(order),
        payer: structuredClone(order.payer),
      };
      view.payments = payments;
      if (!withDetails) {
        // "Set to true to return CustomFields and Options"
        delete view.customFields;
        delete view.options;
      }
      return view;
    }),
  );
}

/** Finds an organization by slug. */
export function findOrganization(state: HaState, slug: unknown): HaOrganization | undefined {
  return state.organizations.find((o) => o.organizationSlug === slug);
}
