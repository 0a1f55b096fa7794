import { describe, expect, it } from 'vitest';
import { HELLOASSO_SEED_ORDERS } from '../src/emulators/helloasso/_seed.js';
import { createHelloAssoApi } from '../src/emulators/helloasso/api.js';
import { apiRequest } from './support/api-request.js';

const ORG = 'les-amis-du-sandbox';
const BASE = 'http://127.0.0.1:4010/helloasso/v5';
const clientCredentials = { clientId: 'ha-client', scopes: [] };
type Page = {
  data: { id: number; amount: unknown; state?: string }[];
  pagination: Record<string, number | string | null>;
};

function get(
  api: ReturnType<typeof createHelloAssoApi>,
  pathWithQuery: string,
  caller: unknown = clientCredentials,
) {
  return api.handle(apiRequest('GET', pathWithQuery, { caller: caller as null, baseUrl: BASE }));
}

describe('HelloAsso emulation: paging, cents, access', () => {
  const api = createHelloAssoApi({ seed: 11, organizationSlug: ORG });

  it('follows continuationToken until a page comes back empty', async () => {
    const ids: number[] = [];
    let token: string | null = null;
    let calls = 0;
    for (;;) {
      const query = `pageSize=40${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const response = await get(api, `/organizations/${ORG}/orders?${query}`);
      expect(response.status).toBe(200);
      const page = response.json as Page;
      calls++;
      if (page.data.length === 0) {
        expect(page.pagination.continuationToken).toBe(token);
        break;
      }
      ids.push(...page.data.map((o) => o.id));
      token = page.pagination.continuationToken as string;
      expect(token).toEqual(expect.any(String));
    }
    expect(ids).toHaveLength(HELLOASSO_SEED_ORDERS);
    expect(new Set(ids).size).toBe(HELLOASSO_SEED_ORDERS);
    expect(calls).toBe(Math.ceil(HELLOASSO_SEED_ORDERS / 40) + 1);
  });

  it('pages with pageIndex and reports totals', async () => {
    const first = (await get(api, `/organizations/${ORG}/orders?pageIndex=1&pageSize=100&sortOrder=Asc`))
      .json as Page;
    expect(first.pagination).toMatchObject({
      pageSize: 100,
      totalCount: HELLOASSO_SEED_ORDERS,
      pageIndex: 1,
      totalPages: 3,
    });
    const third = (await get(api, `/organizations/${ORG}/orders?pageIndex=3&pageSize=100&sortOrder=Asc`))
      .json as Page;
    expect(third.data).toHaveLength(HELLOASSO_SEED_ORDERS - 200);
    expect(third.data[0]!.id).toBeGreaterThan(first.data[99]!.id);
    const beyond = (await get(api, `/organizations/${ORG}/orders?pageIndex=4&pageSize=100`)).json as Page;
    expect(beyond.data).toEqual([]);
  });

  it('filters with repeated array keys (states=Refused&states=Refunded)', async () => {
    const expected = api.state.orders
      .filter((o) => o.organizationSlug === ORG)
      .flatMap((o) => o.payments)
      .filter((p) => p.state === 'Refused' || p.state === 'Refunded').length;
    expect(expected).toBeGreaterThan(0);
    const page = (
      await get(api, `/organizations/${ORG}/payments?states=Refused&states=Refunded&pageSize=100`)
    ).json as Page;
    expect(page.pagination.totalCount).toBe(expected);
    expect(new Set(page.data.map((p) => p.state))).toEqual(new Set(['Refused', 'Refunded']));
    const refusedOnly = (await get(api, `/organizations/${ORG}/payments?states=Refused&pageSize=100`))
      .json as Page;
    expect(refusedOnly.pagination.totalCount).toBeLessThan(expected);
  });

  it('keeps every amount in integer cents', async () => {
    const page = (await get(api, `/organizations/${ORG}/orders?withDetails=true&pageSize=100`)).json as {
      data: { amount: { total: number }; items: { amount: number }[]; payments: { amount: number }[] }[];
    };
    const amounts = page.data.flatMap((o) => [
      o.amount.total,
      ...o.items.map((i) => i.amount),
      ...o.payments.map((p) => p.amount),
    ]);
    expect(amounts.length).toBeGreaterThan(200);
    for (const amount of amounts) expect(Number.isInteger(amount) && amount > 0).toBe(true);
  });

  it('answers 401 without a token, except on the unsecured value list', async () => {
    const denied = await get(api, `/organizations/${ORG}/orders`, null);
    expect(denied.status).toBe(401);
    expect(denied.headers?.['www-authenticate']).toBe('Bearer');
    expect(denied.json).toEqual({
      errors: [{ code: 'Unauthorized', message: expect.stringContaining('Bearer TOKEN') }],
    });
    const open = await get(api, '/values/form/Event/types', null);
    expect(open.status).toBe(200);
  });

  it('binds tokens to an organization: own organization for client credentials, the approving one for a code', async () => {
    const other = 'theatre-des-lilas';
    expect((await get(api, `/organizations/${other}/orders`)).status).toBe(403);
    const partnerToken = { clientId: 'ha-client', scopes: [], userId: 'admin', organizationSlug: other };
    const allowed = await get(api, `/organizations/${other}/orders`, partnerToken);
    expect(allowed.status).toBe(200);
    expect((allowed.json as Page).data.length).toBeGreaterThan(0);
    expect((await get(api, `/organizations/${ORG}/payments`, partnerToken)).status).toBe(403);
    const foreignOrder = api.state.orders.find((o) => o.organizationSlug === other)!;
    const forbidden = await get(api, `/orders/${foreignOrder.id}`);
    expect(forbidden.status).toBe(403);
    expect((forbidden.json as { errors: { code: string }[] }).errors[0]?.code).toBe('Forbidden');
    expect((await get(api, `/organizations/${other}`)).status).toBe(200);
    expect((await get(api, '/users/me/organizations', partnerToken)).json).toEqual([
      expect.objectContaining({ organizationSlug: other, role: 'OrganizationAdmin' }),
    ]);
  });

  it('rejects invalid parameters and bodies with a validation problem naming the field', async () => {
    const badType = await get(api, `/organizations/${ORG}/orders?pageSize=abc`);
    expect(badType.status).toBe(400);
    expect((badType.json as { errors: Record<string, string[]> }).errors.pageSize).toEqual([
      'pageSize must be integer',
    ]);
    const badEnum = await get(api, `/organizations/${ORG}/payments?states=Paid`);
    expect(Object.keys((badEnum.json as { errors: Record<string, string[]> }).errors)).toEqual(['states[0]']);
    const missing = await api.handle(
      apiRequest('POST', `/organizations/${ORG}/checkout-intents`, {
        caller: clientCredentials,
        body: {
          totalAmount: 1000,
          initialAmount: 1000,
          backUrl: 'a',
          errorUrl: 'b',
          returnUrl: 'c',
          containsDonation: false,
        },
      }),
    );
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({
      title: 'One or more validation errors occurred.',
      errors: { itemName: ['itemName is required'] },
    });
    const badToken = await get(api, `/organizations/${ORG}/orders?continuationToken=nope`);
    expect(Object.keys((badToken.json as { errors: object }).errors)).toEqual(['continuationToken']);
  });
});

describe('HelloAsso detail flags', () => {
  it('returns custom fields of items only withDetails=true, as the spec describes', async () => {
    const api = createHelloAssoApi();
    const orders = async (flag: string) =>
      (
        (await get(api, `/organizations/${ORG}/orders?pageSize=100${flag}`)).json as {
          data: { items: Record<string, unknown>[] }[];
        }
      ).data.flatMap((o) => o.items);
    const plain = await orders('');
    expect(plain.length).toBeGreaterThan(100);
    expect(plain.some((i) => 'customFields' in i)).toBe(false);
    const detailed = await orders('&withDetails=true');
    expect(detailed.some((i) => (i.customFields as { answer: string }[]).length > 0)).toBe(true);
    const items = (await get(api, `/organizations/${ORG}/items?pageSize=5`)).json as {
      data: Record<string, unknown>[];
    };
    expect(items.data.every((i) => !('customFields' in i) && !('options' in i))).toBe(true);
  });

  it('exports items as CSV when asked with Accept: text/csv', async () => {
    const api = createHelloAssoApi();
    const csv = await api.handle(
      apiRequest('GET', `/organizations/${ORG}/items?tierTypes=Membership`, {
        caller: clientCredentials,
        headers: { accept: 'text/csv' },
      }),
    );
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    const lines = String(csv.body).trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('\ufeffNuméro;')).toBe(true);
    const memberships = api.state.orders
      .filter((o) => o.organizationSlug === ORG)
      .flatMap((o) => o.items)
      .filter((i) => i.type === 'Membership');
    expect(lines).toHaveLength(memberships.length + 1);
  });
});
