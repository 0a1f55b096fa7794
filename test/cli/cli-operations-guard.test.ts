import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHelloAssoProfile, seedMisocaProfile } from '../support/cli-provider-profile.js';
import { freshHome, runCli } from '../support/cli-run.js';
import { runCliInTerminal } from '../support/cli-terminal.js';
import { type HelloAssoSandbox, startHelloAssoSandbox } from '../support/helloasso-sandbox.js';
import { type RecordingSandbox, startRecordingSandbox } from '../support/misoca-recording-sandbox.js';

// The operations that cost money or cannot be undone: asked for on a terminal, refused without one
// unless --yes; nothing reaches the sandbox before consent. And binary answers are kept off a terminal.
describe('oauthkit operation commands: the money guard and binary answers on a terminal', () => {
  let misoca: RecordingSandbox;
  let helloasso: HelloAssoSandbox;
  let home: string;
  beforeAll(async () => {
    [misoca, helloasso] = await Promise.all([startRecordingSandbox(), startHelloAssoSandbox()]);
    home = await freshHome();
    await seedMisocaProfile(home, misoca.sandbox);
    await seedHelloAssoProfile(home, helloasso.sandbox);
  });
  afterAll(() => Promise.all([misoca.sandbox.close(), helloasso.close()]));

  const SEND = 'POST /invoice/{id}/send_by_postal_mail';
  const sends = () => misoca.calls.filter((call) => call.operation === SEND);
  const mailable = () =>
    misoca.emulator.state.invoices.filter((invoice) => {
      const body = invoice.body as Record<string, unknown>;
      return (
        invoice.trashed_at === null &&
        invoice.invoice_status === 0 &&
        body.recipient_zip_code &&
        body.recipient_address1
      );
    });
  const organizationOrders = () =>
    helloasso.emulation.state.orders.filter(
      (o) => o.organizationSlug === helloasso.sandbox.helloasso.organizationSlug,
    );
  const moneyCalls = () =>
    helloasso.exchanges.filter(
      (e) =>
        e.operation === 'POST /payments/{paymentId}/refund' ||
        e.operation === 'POST /orders/{orderId}/cancel',
    );

  it('without a terminal, refuses every guarded operation (exit 2) and sends nothing', async () => {
    const invoice = mailable()[0]!;
    const order = organizationOrders()[0]!;
    for (const args of [
      ['misoca', 'invoices', 'sendByPostalMail', '--id', String(invoice.id)],
      ['helloasso', 'payments', 'refund', '--paymentId', String(order.payments[0]!.id)],
      ['helloasso', 'orders', 'cancel', '--orderId', String(order.id)],
    ]) {
      const result = await runCli(home, args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('it needs a confirmation and there is no terminal to ask on');
      expect(result.stderr).toContain('hint: pass --yes to confirm it');
    }
    expect(sends()).toEqual([]);
    expect(moneyCalls()).toEqual([]);
    expect(invoice.invoice_status).toBe(0);
  });

  it('with --yes, sends the postal mail (confirm: true stays in the SDK), the refund and the cancellation', async () => {
    const invoice = mailable()[0]!;
    const sent = await runCli(home, [
      'misoca',
      'invoices',
      'send-by-postal-mail',
      '--id',
      String(invoice.id),
      '--yes',
    ]);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ delivery_status_result: '発送準備中' });
    expect(sends()).toHaveLength(1);
    expect(sends()[0]?.query).toEqual({});
    expect(invoice.invoice_status).toBe(1);

    const order = organizationOrders().find((o) => o.payments.some((p) => p.state === 'Authorized'))!;
    const payment = order.payments.find((p) => p.state === 'Authorized')!;
    const refunds = helloasso.emulation.state.refunds.length;
    const refund = await runCli(home, [
      'helloasso',
      'payments',
      'refund',
      '--paymentId',
      String(payment.id),
      '--yes',
    ]);
    expect(refund.code).toBe(0);
    expect(helloasso.emulation.state.refunds).toHaveLength(refunds + 1);
    expect(payment.state).toBe('Refunded');
    const cancel = await runCli(home, [
      'helloasso',
      'orders',
      'cancel',
      '--orderId',
      String(order.id),
      '--yes',
    ]);
    expect(cancel.code).toBe(0);
    expect(moneyCalls().map((e) => [e.operation, e.status])).toEqual([
      ['POST /payments/{paymentId}/refund', 200],
      ['POST /orders/{orderId}/cancel', 200],
    ]);
  });

  it('on a terminal, asks what will happen: "no" sends nothing, "yes" sends', async () => {
    const [first, second] = mailable();
    const question = `Send invoice ${first!.id} by postal mail (this costs money`;
    const refused = await runCliInTerminal(
      home,
      ['misoca', 'invoices', 'sendByPostalMail', '--id', String(first!.id)],
      {
        [question]: 'n',
      },
    );
    expect(refused.screen).toContain(question);
    expect(refused.code).toBe(1);
    expect(refused.screen).toContain('was not confirmed: nothing was sent');
    expect(sends().filter((call) => call.status === 201)).toHaveLength(1);
    expect(first!.invoice_status).toBe(0);
    const accepted = await runCliInTerminal(
      home,
      ['misoca', 'invoices', 'sendByPostalMail', '--id', String(second!.id)],
      {
        [`Send invoice ${second!.id} by postal mail`]: 'y',
      },
    );
    expect(accepted.code).toBe(0);
    expect(accepted.screen).toContain('発送準備中');
    expect(second!.invoice_status).toBe(1);
    expect(sends()).toHaveLength(2);
  }, 30_000);

  it('--all and api --paginate show the pages, items and rate on a terminal stderr, when the items go to a file', async () => {
    const slug = helloasso.sandbox.helloasso.organizationSlug;
    const file = join(dirname(home), 'orders.ndjson');
    const args = [
      'helloasso',
      'orders',
      'list',
      '--organizationSlug',
      slug,
      '--pageSize',
      '4',
      '--all',
      '--jq',
      '.id',
    ];
    const result = await runCliInTerminal(home, [...args, '-o', file]);
    expect(result.code).toBe(0);
    const total = organizationOrders().length;
    expect(result.screen).toMatch(
      new RegExp(`${Math.ceil(total / 4) + 1} pages, ${total} items, \\d+ items/s`),
    );
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(total);
    // Items on the terminal itself: no progress line to tear them.
    const shown = await runCliInTerminal(home, args);
    expect(shown.screen).not.toContain('items/s');
    const piped = await runCli(home, args);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.trim().split('\n')).toHaveLength(total);
    const api = await runCliInTerminal(home, [
      'api',
      '/contacts',
      '--paginate',
      '--profile',
      'misoca',
      '-o',
      file,
    ]);
    expect(api.code).toBe(0);
    const contacts = (await readFile(file, 'utf8')).trim().split('\n').length;
    expect(contacts).toBe(
      misoca.emulator.state.contacts.filter((contact) => contact.trashed_at === null).length,
    );
    expect(api.screen).toMatch(new RegExp(`1 page, ${contacts} items, \\d+ items/s`));
    // Misoca's --all counts its Link-header pages too (the SDK's onResponse).
    const listed = () => misoca.calls.filter((call) => call.operation === 'GET /invoices').length;
    const before = listed();
    const invoices = await runCliInTerminal(home, [
      'misoca',
      'invoices',
      'list',
      '--per_page',
      '10',
      '--all',
      '-o',
      file,
    ]);
    expect(invoices.code).toBe(0);
    const items = (await readFile(file, 'utf8')).trim().split('\n').length;
    const pages = listed() - before;
    expect(pages).toBeGreaterThan(1);
    expect(invoices.screen).toMatch(new RegExp(`${pages} pages, ${items} items, \\d+ items/s`));
    // A single call (here a PDF to a file) draws no progress line.
    const pdf = await runCliInTerminal(home, [
      'misoca',
      'invoices',
      'pdf',
      '--id',
      String(misoca.emulator.state.invoices[0]?.id),
      '-o',
      `${file}.pdf`,
    ]);
    expect(pdf.code).toBe(0);
    expect(pdf.screen).toContain('Wrote ');
    expect(pdf.screen).not.toContain('items/s');
  }, 30_000);

  it('refuses to print a binary answer on a terminal, before asking for it', async () => {
    const pdfs = () => misoca.calls.filter((call) => call.operation === 'GET /invoice/{id}/pdf').length;
    const before = pdfs();
    const result = await runCliInTerminal(home, [
      'misoca',
      'invoices',
      'pdf',
      '--id',
      String(misoca.emulator.state.invoices[0]!.id),
    ]);
    expect(result.code).toBe(2);
    expect(result.screen).toContain('error: the answer is binary');
    expect(result.screen).toContain('save it with -o FILE');
    expect(pdfs()).toBe(before);
  }, 30_000);
});
