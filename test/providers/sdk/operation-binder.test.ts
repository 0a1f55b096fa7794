import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ConfigurationError } from 'oauthkit';
import { operationInfo } from 'oauthkit/helloasso';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { paths } from '../../../src/providers/helloasso/generated/helloasso-openapi.js';
import { OperationBinder } from '../../../src/providers/sdk/operation-binder.js';
import { paginateOperation } from '../../../src/providers/sdk/operation-pages.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname.endsWith('/export')) {
      response.writeHead(200, { 'content-type': 'text/csv' });
      response.end(Buffer.from([0, 1, 2, 255]));
      return;
    }
    if (url.pathname.endsWith('/orders')) {
      const page = Number(url.searchParams.get('pageIndex') ?? 1);
      const data = page <= 3 ? [1, 2].map((n) => ({ id: page * 10 + n })) : [];
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data, pagination: { totalCount: -1 } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id: 7, amount: '150' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v5`;
});
afterAll(() => server.close());
beforeEach(() => {
  seen.length = 0;
});

function binder(hooks = {}) {
  const api = new ApiClient({ baseUrl, auth: { accessToken: 'binder-token' }, retry: { retries: 0 } });
  return new OperationBinder<paths>(api, hooks);
}

describe('OperationBinder', () => {
  it('sends path, query, header parameters and the body where the spec puts them', async () => {
    const bind = binder();
    const refund = bind.json('payments.refund', 'POST /payments/{paymentId}/refund', {
      headerParams: ['x-mfa-access-authorization'],
    });
    const quickCreate = bind.json(
      'forms.quickCreate',
      'POST /organizations/{organizationSlug}/forms/{formType}/action/quick-create',
    );
    await refund({ paymentId: 42, amount: 150, comment: 'a b&c', 'x-mfa-access-authorization': 'mfa-1' });
    await quickCreate({
      organizationSlug: 'les amis/à',
      formType: 'Event',
      body: { title: 'Fête' } as never,
    });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v5/payments/42/refund?amount=150&comment=a%20b%26c',
    });
    expect(seen[0]?.headers['x-mfa-access-authorization']).toBe('mfa-1');
    expect(seen[0]?.headers.authorization).toBe('Bearer binder-token');
    expect(seen[1]?.url).toBe('/v5/organizations/les%20amis%2F%C3%A0/forms/Event/action/quick-create');
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual({ title: 'Fête' });
  });

  it('refuses a missing path parameter or a non-object before sending anything', async () => {
    const get = binder().json('orders.get', 'GET /orders/{orderId}');
    await expect(get({} as never)).rejects.toThrow(
      new ConfigurationError('orders.get needs orderId (a path parameter)'),
    );
    await expect(get('12' as never)).rejects.toThrow(
      /orders\.get takes one object of parameters, got string/,
    );
    expect(seen).toHaveLength(0);
  });

  it('repeats array query keys, applies the provider hooks and keeps local parameters out of the request', async () => {
    const bind = binder({
      localParams: ['confirm'],
      formatQuery: (_name: string, value: unknown) =>
        value instanceof Date ? value.toISOString().slice(0, 10) : value,
      transformResult: (data: unknown) => ({
        ...(data as object),
        amount: Number((data as { amount: string }).amount),
      }),
    });
    const list = bind.json('items.get', 'GET /items/{itemId}');
    const item = await list({
      itemId: 3,
      withDetails: true,
      confirm: true,
      from: new Date('2026-01-02T10:00:00Z'),
      tags: ['a', 'b'],
    } as never);
    expect(seen[0]?.url).toBe('/v5/items/3?withDetails=true&from=2026-01-02&tags=a&tags=b');
    expect(item).toEqual({ id: 7, amount: 150 });
    expect(operationInfo(list)).toMatchObject({
      name: 'items.get',
      method: 'GET',
      path: '/items/{itemId}',
      paged: false,
    });
  });

  it('returns binary answers as bytes, or as a stream when asked', async () => {
    const exportCashOut = binder().binary(
      'cashOuts.export',
      'GET /organizations/{organizationSlug}/cash-out/{cashOutId}/export',
    );
    const bytes = await exportCashOut({ organizationSlug: 'o', cashOutId: 1 });
    expect([...bytes]).toEqual([0, 1, 2, 255]);
    const stream = await exportCashOut({ organizationSlug: 'o', cashOutId: 1 }, { responseType: 'stream' });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect([...Buffer.concat(chunks)]).toEqual([0, 1, 2, 255]);
  });
});

describe('paginateOperation', () => {
  const walk = () => ({
    first: (params: Record<string, unknown>) => ({ ...params, pageIndex: 1 }),
    items: (response: { data: unknown }) => (response.data as { data: unknown[] }).data,
    next: (_response: unknown, params: Record<string, unknown>) => ({
      ...params,
      pageIndex: Number(params.pageIndex) + 1,
    }),
  });

  it('walks pages until an empty one, and stops fetching at the limit', async () => {
    const list = binder().paged('orders.list', 'GET /organizations/{organizationSlug}/orders');
    const all = await paginateOperation<{ id: number }>(list, { organizationSlug: 'o' }, {}, walk).toArray();
    expect(all.map((order) => order.id)).toEqual([11, 12, 21, 22, 31, 32]);
    expect(seen.map((request) => request.url)).toEqual(
      [1, 2, 3, 4].map((n) => `/v5/organizations/o/orders?pageIndex=${n}`),
    );
    seen.length = 0;
    const three = await paginateOperation(list, { organizationSlug: 'o' }, { limit: 3 }, walk).toArray();
    expect(three).toHaveLength(3);
    expect(seen).toHaveLength(2);
  });

  it('refuses a method that is not paged, and a bad limit', () => {
    const bind = binder();
    const get = bind.json('orders.get', 'GET /orders/{orderId}');
    const list = bind.paged('orders.list', 'GET /organizations/{organizationSlug}/orders');
    expect(() => paginateOperation(get, {}, {}, walk)).toThrow(/orders\.get is not a paged operation/);
    expect(() => paginateOperation(list, {}, { limit: -1 }, walk)).toThrow(/limit must be a whole number/);
    expect(() => paginateOperation((() => 1) as never, {}, {}, walk)).toThrow(
      /paginate takes a method of this SDK/,
    );
  });
});
