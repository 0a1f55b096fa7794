import { beforeAll, describe, expect, it } from 'vitest';
import { createHelloAssoApi } from '../src/emulators/helloasso/api.js';
import { createMisocaApi } from '../src/emulators/misoca/api.js';
import { loadSpec } from '../src/openapi/load-spec.js';
import { readOperations } from '../src/openapi/operations.js';
import { apiRequest } from './support/api-request.js';

const misoca = createMisocaApi({ seed: 7 });
const helloasso = createHelloAssoApi({ seed: 7, organizationSlug: 'les-amis-du-sandbox' });
const ORG = 'les-amis-du-sandbox';

const MISOCA_IDS: Record<string, number> = {
  contact: 2001,
  contact_group: 1001,
  invoice: 10_001,
  estimate: 20_001,
  delivery_slip: 30_001,
  dealing_item: 3001,
};

const MISOCA_BODIES: Record<string, unknown> = {
  'POST /contact': {
    contact_group_id: 1001,
    recipient_notes: '経理部 佐藤 様',
    recipient_zip_code: '100-0005',
  },
  'POST /contact_group': { recipient_name: '株式会社テスト', tax_option: 'EXCLUDE' },
  'POST /dealing_item': {
    name: '検証作業',
    unit_price: 5000,
    unit_name: '時間',
    tax_type: 'STANDARD_TAX_10',
  },
  'POST /invoice': {
    issue_date: '2026-01-05',
    contact_id: 2001,
    items: [{ name: '作業', quantity: 2, unit_price: 1500.5 }],
  },
  'POST /estimate': {
    issue_date: '2026/01/05',
    contact_id: 2002,
    items: [{ name: '見積', quantity: 1, unit_price: 1000 }],
  },
  'POST /delivery_slip': {
    issue_date: '2026-01-05',
    contact_id: 2003,
    items: [{ name: '納品', quantity: 3, unit_price: 200 }],
  },
  'POST /estimate/{id}/distribute': { mail_subject: 'お見積書の送付' },
  'PUT /invoice/{id}/paid': { paid_on: '2026-02-01' },
};

function misocaPath(template: string): string {
  const resource = template.split('/')[1] ?? '';
  return template.replace('{id}', String(MISOCA_IDS[resource]));
}

let checkoutIntentId = 0;
let order: { id: number; items: { id: number }[]; payments: { id: number; idCashOut?: number }[] };

function helloassoPath(template: string): string {
  return template
    .replace('{organizationSlug}', ORG)
    .replace('{formType}', template.includes('quick-create') ? 'Event' : 'Membership')
    .replace('{formSlug}', 'adhesion-2025')
    .replace('{orderId}', String(order.id))
    .replace('{itemId}', String(order.items[0]?.id))
    .replace('{paymentId}', String(order.payments[0]?.id))
    .replace('{cashOutId}', String(order.payments[0]?.idCashOut))
    .replace('{checkoutIntentId}', String(checkoutIntentId))
    .replace('{tagName}', 'solidarite');
}

const HELLOASSO_BODIES: Record<string, unknown> = {
  'POST /directory/forms': { formTypes: ['Event', 'Membership'] },
  'POST /directory/organizations': { cities: ['Paris'] },
  'POST /organizations/{organizationSlug}/forms/{formType}/action/quick-create': {
    title: 'Soirée jeux',
    tierList: [{ label: 'Entrée', price: 500 }],
  },
  'PUT /organizations/{organizationSlug}/forms/{formType}/{formSlug}/state': { state: 'Private' },
  'PUT /partners/me/api-clients': { domain: 'partenaire.example.fr' },
  'PUT /partners/me/api-notifications/organizations/{organizationSlug}': {
    url: 'http://127.0.0.1:9/unused',
    notificationType: 'Order',
  },
  'PUT /partners/me/api-notifications': { url: 'http://127.0.0.1:9/unused-too' },
  'POST /organizations/{organizationSlug}/checkout-intents': {
    totalAmount: 3000,
    initialAmount: 1000,
    itemName: 'Adhésion en 3 fois',
    backUrl: 'https://example.fr/back',
    errorUrl: 'https://example.fr/error',
    returnUrl: 'https://example.fr/return',
    containsDonation: false,
    terms: [
      { amount: 1000, date: '2026-02-05T00:00:00+01:00' },
      { amount: 1000, date: '2026-03-05T00:00:00+01:00' },
    ],
    metadata: { reference: 'adh-42' },
  },
};

describe('every operation of both specs answers 2xx with a body the spec accepts', () => {
  beforeAll(async () => {
    const created = await helloasso.handle(
      apiRequest('POST', `/organizations/${ORG}/checkout-intents`, {
        body: HELLOASSO_BODIES['POST /organizations/{organizationSlug}/checkout-intents'],
      }),
    );
    checkoutIntentId = (created.json as { id: number }).id;
    const done = await helloasso.completeCheckout(checkoutIntentId);
    expect(done).toBeDefined();
    order = helloasso.state.orders.find(
      (o) => o.organizationSlug === ORG && o.payments[0]?.idCashOut !== undefined,
    ) as unknown as typeof order;
  });

  const misocaOps = readOperations(loadSpec('misoca-api-v3-swagger.json'));
  const helloassoOps = readOperations(loadSpec('helloasso-v5-openapi.json'));
  const covered = new Set<string>();

  it('covers 71 operations (Misoca 36 + HelloAsso 35)', () => {
    expect(misocaOps).toHaveLength(36);
    expect(helloassoOps).toHaveLength(35);
    expect(misoca.operations).toHaveLength(36);
    expect(helloasso.operations).toHaveLength(35);
  });

  it.each(misocaOps.map((op) => [op.key]))('Misoca %s', async (key) => {
    const op = misocaOps.find((o) => o.key === key)!;
    const response = await misoca.handle(
      apiRequest(op.method, misocaPath(op.pathTemplate), { body: MISOCA_BODIES[key] }),
    );
    expect(response.status, JSON.stringify(response.json)).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
    if (key.endsWith('/pdf')) {
      expect((response.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(response.contentType).toBe('application/pdf');
    } else if (response.status !== 204) {
      expect(misoca.checkResponse(key, response.status, response.json)).toEqual([]);
    }
    covered.add(`misoca ${key}`);
  });

  it.each(helloassoOps.map((op) => [op.key]))('HelloAsso %s', async (key) => {
    const op = helloassoOps.find((o) => o.key === key)!;
    const response = await helloasso.handle(
      apiRequest(op.method, helloassoPath(op.pathTemplate), { body: HELLOASSO_BODIES[key] }),
    );
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    const schema = helloasso.checkResponse(key, 200, response.json);
    expect(schema).toEqual([]);
    if (op.responses['200'] !== null || key.endsWith('/items')) expect(response.json).toBeDefined();
    covered.add(`helloasso ${key}`);
  });

  it('served all 71 operations', () => {
    expect(covered.size).toBe(71);
  });
});
