import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHelloAssoProfile, storedTokens } from '../support/cli-provider-profile.js';
import { freshHome, runCli } from '../support/cli-run.js';
import { type HelloAssoSandbox, startHelloAssoSandbox } from '../support/helloasso-sandbox.js';

// `oauthkit helloasso <resource> <method>` against the sandbox's HelloAsso, with a client-credentials
// profile: the SDK gets its token itself; the sandbox records each request.
describe('oauthkit helloasso operation commands', () => {
  let helloasso: HelloAssoSandbox;
  let home: string;
  let slug: string;
  beforeAll(async () => {
    helloasso = await startHelloAssoSandbox();
    home = await freshHome();
    slug = helloasso.sandbox.helloasso.organizationSlug;
    await seedHelloAssoProfile(home, helloasso.sandbox);
  });
  afterAll(() => helloasso.close());

  const seen = (operation: string) =>
    helloasso.exchanges.filter((exchange) => exchange.operation === operation);
  // Neither the client secret nor a token the CLI got and stored shows in what it printed.
  const run = async (args: string[]) => {
    const result = await runCli(home, ['helloasso', ...args]);
    const tokens = await storedTokens(home);
    for (const secret of [helloasso.sandbox.helloasso.clientSecret, ...tokens])
      expect(result.stdout + result.stderr).not.toContain(secret);
    return result;
  };

  it('orders list --all --format csv follows the continuation tokens over every page', async () => {
    const orders = helloasso.emulation.state.orders.filter((order) => order.organizationSlug === slug);
    expect(orders.length).toBeGreaterThan(12);
    const args = [
      'orders',
      'list',
      '--organizationSlug',
      slug,
      '--pageSize',
      '5',
      '--all',
      '--format',
      'csv',
    ];
    const result = await run([...args, '--jq', '{id, formType}']);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toBe('id,formType');
    expect(rows.map((row) => Number(row.split(',')[0])).sort()).toEqual(orders.map((o) => o.id).sort());
    const pages = seen('GET /organizations/{organizationSlug}/orders');
    // Every full page, then the empty page that ends a walk by tokens.
    expect(pages).toHaveLength(Math.ceil(orders.length / 5) + 1);
    expect(pages.slice(1).every((page) => new URLSearchParams(page.query).has('continuationToken'))).toBe(
      true,
    );
    expect(pages.every((page) => page.status === 200 && page.responseIssues.length === 0)).toBe(true);
    expect(helloasso.sandbox.tokenRequests().helloasso.client_credentials).toBe(1);
    expect(await storedTokens(home)).not.toEqual([]);
  });

  it('array and boolean flags: --formTypes Event,Donation (and repeated), --withDetails', async () => {
    const wanted = helloasso.emulation.state.orders.filter(
      (order) => order.organizationSlug === slug && ['Event', 'Donation', 'Shop'].includes(order.formType),
    );
    const args = [
      'orders',
      'list',
      '--organizationSlug',
      slug,
      '--formTypes',
      'Event,Donation',
      '--formTypes',
      'Shop',
    ];
    const result = await run([...args, '--withDetails', '--all', '--jq', '.formType']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(wanted.length);
    const query = new URLSearchParams(seen('GET /organizations/{organizationSlug}/orders').at(-1)?.query);
    expect(query.getAll('formTypes').join(',')).toBe('Event,Donation,Shop');
    expect(query.get('withDetails')).toBe('true');
    const bad = await run(['orders', 'list', '--organizationSlug', slug, '--formTypes', 'Event,Bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'Allowed values are CrowdFunding, Membership, Event, Donation, PaymentForm, Checkout, Shop.',
    );
  });

  it('payments get --paymentId prints the payment', async () => {
    const payment = helloasso.emulation.state.orders.find((o) => o.organizationSlug === slug)!.payments[0]!;
    const result = await run(['payments', 'get', '--paymentId', String(payment.id)]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: payment.id, amount: payment.amount });
  });

  it('cashOuts export --accept text/csv -o FILE writes the export the sandbox serves', async () => {
    const cashOutId = helloasso.emulation.state.orders
      .flatMap((order) => order.payments)
      .find((payment) => payment.idCashOut !== undefined)?.idCashOut;
    expect(cashOutId).toBeDefined();
    const file = join(dirname(home), 'cash-out.csv');
    const args = ['cash-outs', 'export', '--organizationSlug', slug, '--cashOutId', String(cashOutId)];
    const result = await run([...args, '--accept', 'text/csv', '-o', file]);
    expect(result.code).toBe(0);
    const csv = await readFile(file, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('paymentId;');
    expect(
      seen('GET /organizations/{organizationSlug}/cash-out/{cashOutId}/export').at(-1)?.headers.accept,
    ).toBe('text/csv');
  });

  it('an unknown payment exits 4 with HelloAsso`s message', async () => {
    const result = await run(['payments', 'get', '--paymentId', '999999']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('answered 404');
    expect(result.stderr).toContain('Payment 999999 not found');
  });

  it('--help of an operation lists its spec parameters, header ones included', async () => {
    const result = await run(['payments', 'refund', '--help']);
    expect(result.code).toBe(0);
    const shown =
      '--paymentId <integer>|--amount <integer>|--cancelOrder [boolean]|--x-mfa-access-authorization <string>|--yes';
    for (const flag of shown.split('|')) expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain('POST /payments/{paymentId}/refund');
    const list = await run(['orders', 'list', '--help']);
    expect(list.stdout).toContain('--formTypes <value>');
    expect(list.stdout).toContain('array of enum');
    expect(list.stdout).toContain(
      '$ oauthkit helloasso orders list --organizationSlug my-organization --all',
    );
  });
});
