import { readFileSync } from 'node:fs';
import { HelloAsso, operationInfo } from 'oauthkit/helloasso';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HelloAssoSandbox,
  sandboxClientOptions,
  startHelloAssoSandbox,
} from '../../support/helloasso-sandbox.js';

let ha: HelloAssoSandbox;
let helloasso: HelloAsso;
const ORG = 'les-amis-du-sandbox';

beforeAll(async () => {
  ha = await startHelloAssoSandbox();
  helloasso = new HelloAsso({ ...sandboxClientOptions(ha), retry: { retries: 0 } });
});
afterAll(() => ha.close());

// The operations table of docs/providers/helloasso.md: `method | operation`.
function documentedOperations(): Map<string, string> {
  const doc = readFileSync(new URL('../../../docs/providers/helloasso.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-zA-Z]+\.[a-zA-Z]+)` \| ([A-Z]+ \/\S+) \|/gm)];
  return new Map(rows.map((row) => [row[1] as string, row[2] as string]));
}

function sdkMethods(sdk: HelloAsso): Map<string, string> {
  const found = new Map<string, string>();
  for (const resource of Object.values(sdk)) {
    if (resource === null || typeof resource !== 'object') continue;
    for (const method of Object.values(resource)) {
      const info = operationInfo(method);
      if (info) found.set(info.name, `${info.method} ${info.path}`);
    }
  }
  return found;
}

describe('HelloAsso operations', () => {
  it('has exactly the 35 methods of the operations table, each bound to its operation', () => {
    const table = documentedOperations();
    expect(table.size).toBe(35);
    expect(new Map([...sdkMethods(helloasso)].sort())).toEqual(new Map([...table].sort()));
    const specKeys = ha.emulation.operations.map((op) => op.key).sort();
    expect([...table.values()].sort()).toEqual(specKeys);
  });

  it('calls every method against the emulator; each request and response is valid per the spec', async () => {
    const state = ha.emulation.state;
    const form = state.forms.find((f) => f.organizationSlug === ORG && f.formType === 'Event');
    const order = state.orders.find((o) => o.organizationSlug === ORG && o.payments.length > 0);
    if (!form || !order) throw new Error('the seed has no event form or paid order');
    const formRef = { organizationSlug: ORG, formType: form.formType as 'Event', formSlug: form.formSlug };
    const payment = order.payments[0] as { id: number; idCashOut?: number };
    const item = order.items[0] as { id: number };
    const tagged = state.organizations.find((o) => (o.tags as string[]).length > 0);
    const tag = String((tagged?.tags as string[] | undefined)?.[0]);
    const h = helloasso;
    const intent = await h.checkoutIntents.create({
      organizationSlug: ORG,
      body: {
        totalAmount: 1500,
        initialAmount: 1500,
        itemName: 'Adhésion',
        backUrl: 'https://example.org/back',
        errorUrl: 'https://example.org/error',
        returnUrl: 'https://example.org/return',
        containsDonation: false,
      },
    });
    const calls: Array<() => Promise<unknown>> = [
      () => h.organizations.get({ organizationSlug: ORG }),
      () => h.users.listMyOrganizations(),
      () => h.forms.list({ organizationSlug: ORG, states: ['Public', 'Draft'], pageSize: 5 }),
      () => h.forms.listTypes({ organizationSlug: ORG }),
      () => h.forms.getPublic(formRef),
      () =>
        h.forms.quickCreate({ organizationSlug: ORG, formType: 'Event', body: { title: 'Fête' } as never }),
      () => h.forms.setState({ ...formRef, body: { state: 'Public' } }),
      () =>
        h.orders.list({
          organizationSlug: ORG,
          from: new Date('2020-01-01T00:00:00Z'),
          to: '2100-01-01T00:00:00Z',
          pageSize: 3,
        }),
      () => h.orders.listByForm({ ...formRef, pageSize: 3 }),
      () => h.orders.get({ orderId: order.id }),
      () => h.orders.cancel({ orderId: order.id }),
      () => h.items.list({ organizationSlug: ORG, pageSize: 3 }),
      () => h.items.listByForm({ ...formRef, pageSize: 3 }),
      () => h.items.get({ itemId: item.id }),
      () => h.payments.list({ organizationSlug: ORG, pageSize: 3 }),
      () => h.payments.listByForm({ ...formRef, pageSize: 3 }),
      () => h.payments.get({ paymentId: payment.id }),
      () =>
        h.payments.refund({
          paymentId: payment.id,
          amount: 100,
          comment: 'test',
          'x-mfa-access-authorization': 'mfa',
        }),
      () => h.checkoutIntents.get({ organizationSlug: ORG, checkoutIntentId: intent.id as number }),
      () => h.directory.searchForms({ pageSize: 5, body: {} }),
      () => h.directory.searchOrganizations({ pageSize: 5, body: {} }),
      () => h.cashOuts.export({ organizationSlug: ORG, cashOutId: payment.idCashOut ?? 1 }),
      () => h.tags.get({ tagName: tag }),
      () => h.partners.me(),
      () => h.partners.listOrganizations({ pageSize: 5 }),
      () => h.partners.updateApiClient({ body: { domain: 'https://example.org' } }),
      () => h.partners.setNotificationUrl({ body: { url: 'https://example.org/hook' } }),
      () => h.partners.deleteNotificationUrl(),
      () =>
        h.partners.setOrganizationNotificationUrl({
          organizationSlug: ORG,
          body: { url: 'https://example.org/org-hook' },
        }),
      () => h.partners.deleteOrganizationNotificationUrl({ organizationSlug: ORG }),
      () => h.values.formActivityTypes({ formType: 'Event' }),
      () => h.values.organizationCategories(),
      () => h.values.tags(),
      () => h.values.companyLegalStatuses(),
    ];
    for (const call of calls) await call();
    const seen = new Set(ha.exchanges.map((exchange) => exchange.operation));
    expect(seen.size).toBe(35);
    expect(ha.exchanges).toHaveLength(35);
    for (const exchange of ha.exchanges) {
      expect({ op: exchange.operation, status: exchange.status }).toEqual({
        op: exchange.operation,
        status: expect.any(Number),
      });
      expect(exchange.status, `${exchange.operation}`).toBeLessThan(300);
      expect(exchange.responseIssues, `${exchange.operation}`).toEqual([]);
      // The token goes on every operation, the two without `security` in the spec included.
      expect(String(exchange.headers.authorization)).toMatch(/^Bearer \S+$/);
      expect(String(exchange.headers['user-agent'])).toMatch(/^oauthkit-helloasso/);
    }
    const byOp = (key: string) => ha.exchanges.find((exchange) => exchange.operation === key);
    expect(byOp('GET /organizations/{organizationSlug}/forms')?.query).toBe(
      'states=Public&states=Draft&pageSize=5',
    );
    expect(byOp('GET /organizations/{organizationSlug}/orders')?.query).toBe(
      'from=2020-01-01T00%3A00%3A00.000Z&to=2100-01-01T00%3A00%3A00Z&pageSize=3',
    );
    const refund = byOp('POST /payments/{paymentId}/refund');
    expect(refund?.query).toBe('amount=100&comment=test');
    expect(refund?.headers['x-mfa-access-authorization']).toBe('mfa');
  });

  it('a request the spec refuses fails as an ApiError with the validation messages', async () => {
    const error = await helloasso.orders
      .list({ organizationSlug: ORG, pageSize: 1000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      messages: expect.arrayContaining([expect.stringMatching(/pageSize/)]),
    });
  });
});
