import { HelloAsso } from 'oauthkit/helloasso';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type HelloAssoSandbox,
  sandboxClientOptions,
  startHelloAssoSandbox,
} from '../../support/helloasso-sandbox.js';

const ORG = 'les-amis-du-sandbox';
const COUNT = 2500;
let ha: HelloAssoSandbox;
let helloasso: HelloAsso;

beforeAll(async () => {
  ha = await startHelloAssoSandbox();
  const orders = ha.emulation.state.orders;
  const model = orders.find((order) => order.organizationSlug === ORG);
  if (!model) throw new Error('no seeded order');
  orders.length = 0;
  for (let n = 0; n < COUNT; n++) orders.push({ ...structuredClone(model), id: 900_000 + n });
  helloasso = new HelloAsso(sandboxClientOptions(ha));
});
afterAll(() => ha.close());
beforeEach(() => {
  ha.exchanges.length = 0;
});

describe('HelloAsso paginate', () => {
  it(`walks ${COUNT} orders by continuation token to the empty last page, with a URL that does not grow`, async () => {
    const all = await helloasso
      .paginate(helloasso.orders.list, { organizationSlug: ORG, pageSize: 100 })
      .toArray();
    expect(all).toHaveLength(COUNT);
    expect(new Set(all.map((order) => order.id)).size).toBe(COUNT);
    // 25 full pages and the empty one that ends the walk.
    expect(ha.exchanges).toHaveLength(26);
    expect(ha.exchanges.every((exchange) => exchange.status === 200)).toBe(true);
    expect(ha.exchanges[0]?.query).toBe('pageSize=100');
    const later = ha.exchanges.slice(1).map((exchange) => new URLSearchParams(exchange.query));
    for (const query of later) {
      expect(query.getAll('continuationToken')).toHaveLength(1);
      expect(query.has('pageIndex')).toBe(false);
    }
    const lengths = new Set(ha.exchanges.slice(1).map((exchange) => exchange.query.length));
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(8);
  });

  it('stops fetching at the limit', async () => {
    const some = await helloasso
      .paginate(helloasso.orders.list, { organizationSlug: ORG, pageSize: 100 }, { limit: 250 })
      .toArray();
    expect(some).toHaveLength(250);
    expect(ha.exchanges).toHaveLength(3);
    ha.exchanges.length = 0;
    let taken = 0;
    for await (const _order of helloasso.paginate(helloasso.orders.list, {
      organizationSlug: ORG,
      pageSize: 50,
    })) {
      if (++taken === 60) break;
    }
    expect(ha.exchanges).toHaveLength(2);
  });

  it('follows the pages of the directory search (POST, token in the query, same body) and of partner organizations', async () => {
    const forms = await helloasso
      .paginate(helloasso.directory.searchForms, { pageSize: 2, body: {} })
      .toArray();
    expect(forms.length).toBeGreaterThan(2);
    const posts = ha.exchanges.filter((exchange) => exchange.operation === 'POST /directory/forms');
    expect(posts.length).toBe(Math.ceil(forms.length / 2) + (forms.length % 2 === 0 ? 1 : 0));
    expect(posts.every((exchange) => JSON.stringify(exchange.body) === '{}')).toBe(true);
    expect(new URLSearchParams(posts[1]?.query).get('continuationToken')).toBeTruthy();
    const orgs = await helloasso.paginate(helloasso.partners.listOrganizations, { pageSize: 1 }).toArray();
    expect(orgs.length).toBeGreaterThan(0);
  });

  it('falls back to pageIndex when an answer carries no continuation token', async () => {
    ha.sandbox.faults.add({
      path: '/helloasso/v5/organizations/les-amis-du-sandbox/forms',
      status: 200,
      body: { data: [{ formSlug: 'a' }], pagination: { totalCount: -1, totalPages: -1, pageIndex: -1 } },
      times: 2,
    });
    const forms = await helloasso
      .paginate(helloasso.forms.list, { organizationSlug: ORG, pageSize: 1 })
      .toArray();
    expect(forms.slice(0, 2)).toEqual([{ formSlug: 'a' }, { formSlug: 'a' }]);
    expect(ha.exchanges[0]?.query).toBe('pageSize=1&pageIndex=3');
  });
});
