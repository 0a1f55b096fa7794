import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Misoca, operationInfo } from 'oauthkit/misoca';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSandbox, startLoggedInMisoca } from '../../support/misoca-recording-sandbox.js';

// The public names of the 36 operations, as the operations table of the SDK contract fixes them.
const TABLE: Record<string, string> = {
  'user.me': 'GET /user/me',
  'contacts.list': 'GET /contacts',
  'contacts.get': 'GET /contact/{id}',
  'contacts.create': 'POST /contact',
  'contacts.trash': 'PUT /contact/{id}/trashed',
  'contacts.untrash': 'DELETE /contact/{id}/trashed',
  'contactGroups.list': 'GET /contact_groups',
  'contactGroups.get': 'GET /contact_group/{id}',
  'contactGroups.create': 'POST /contact_group',
  'contactGroups.trash': 'PUT /contact_group/{id}/trashed',
  'contactGroups.untrash': 'DELETE /contact_group/{id}/trashed',
  'invoices.list': 'GET /invoices',
  'invoices.get': 'GET /invoice/{id}',
  'invoices.create': 'POST /invoice',
  'invoices.pdf': 'GET /invoice/{id}/pdf',
  'invoices.markSubmitted': 'PUT /invoice/{id}/submitted',
  'invoices.unmarkSubmitted': 'DELETE /invoice/{id}/submitted',
  'invoices.markPaid': 'PUT /invoice/{id}/paid',
  'invoices.unmarkPaid': 'DELETE /invoice/{id}/paid',
  'invoices.trash': 'PUT /invoice/{id}/trashed',
  'invoices.untrash': 'DELETE /invoice/{id}/trashed',
  'invoices.sendByPostalMail': 'POST /invoice/{id}/send_by_postal_mail',
  'estimates.list': 'GET /estimates',
  'estimates.get': 'GET /estimate/{id}',
  'estimates.create': 'POST /estimate',
  'estimates.pdf': 'GET /estimate/{id}/pdf',
  'estimates.logo': 'GET /estimate/{id}/logo',
  'estimates.stamp': 'GET /estimate/{id}/stamp',
  'estimates.distribute': 'POST /estimate/{id}/distribute',
  'deliverySlips.list': 'GET /delivery_slips',
  'deliverySlips.get': 'GET /delivery_slip/{id}',
  'deliverySlips.create': 'POST /delivery_slip',
  'deliverySlips.pdf': 'GET /delivery_slip/{id}/pdf',
  'dealingItems.list': 'GET /dealing_items',
  'dealingItems.get': 'GET /dealing_item/{id}',
  'dealingItems.create': 'POST /dealing_item',
};
const RESOURCES = [
  'user',
  'contacts',
  'contactGroups',
  'invoices',
  'estimates',
  'deliverySlips',
  'dealingItems',
] as const;

let box: RecordingSandbox;
let misoca: Misoca;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ box, misoca, close } = await startLoggedInMisoca());
});
afterAll(() => close?.());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const line = { name: '設計作業', quantity: 2, unit_price: 150000, tax_type: 'STANDARD_TAX_10' as const };

describe('Misoca SDK: the 36 operations against the emulator, each request and answer checked with the spec', () => {
  it('has exactly the methods of the operations table, each bound to its operation', () => {
    const found: Record<string, string> = {};
    for (const resource of RESOURCES) {
      for (const [name, method] of Object.entries(misoca[resource])) {
        const info = operationInfo(method);
        if (info) found[info.name] = `${info.method} ${info.path}`;
        expect(info?.name).toBe(`${resource}.${name}`);
      }
    }
    expect(found).toEqual(TABLE);
    expect(Object.keys(found)).toHaveLength(36);
    expect(box.emulator.operations.map((op) => op.key).sort()).toEqual(Object.values(TABLE).sort());
  });

  it('calls every method once; the emulator saw 36 spec-valid requests and sent 36 spec-valid answers', async () => {
    const start = box.calls.length;
    const me = await misoca.user.me();
    const groups = await misoca.contactGroups.list();
    const group = await misoca.contactGroups.get({ id: groups[0]!.id! });
    const newGroup = await misoca.contactGroups.create({ body: { recipient_name: '株式会社テスト' } });
    await misoca.contactGroups.trash({ id: newGroup.id! });
    await misoca.contactGroups.untrash({ id: newGroup.id! });
    const contacts = await misoca.contacts.list({ contact_group_id: group.id! });
    const contact = await misoca.contacts.get({ id: contacts[0]!.id! });
    const newContact = await misoca.contacts.create({ body: { contact_group_id: newGroup.id! } });
    await misoca.contacts.trash({ id: newContact.id! });
    await misoca.contacts.untrash({ id: newContact.id! });
    const invoices = await misoca.invoices.list({ per_page: 5, from: new Date('2000-01-01T00:00:00Z') });
    const created = await misoca.invoices.create({
      body: { issue_date: '2026-12-01', contact_id: contact.id!, subject: '12月分', items: [line] },
    });
    const invoice = await misoca.invoices.get({ id: created.id! });
    const pdf = await misoca.invoices.pdf({ id: invoice.id! });
    await misoca.invoices.markSubmitted({ id: invoice.id! });
    await misoca.invoices.unmarkSubmitted({ id: invoice.id! });
    await misoca.invoices.markPaid({ id: invoice.id!, body: { paid_on: '2026-12-20' } });
    await misoca.invoices.unmarkPaid({ id: invoice.id! });
    await misoca.invoices.trash({ id: invoice.id! });
    await misoca.invoices.untrash({ id: invoice.id! });
    const mailable = box.emulator.state.invoices.find(
      (i) => i.trashed_at === null && (i.body as Record<string, unknown>).recipient_address1,
    )!;
    const mailed = await misoca.invoices.sendByPostalMail({ id: mailable.id, confirm: true });
    const estimates = await misoca.estimates.list({ per_page: 3 });
    const estimate = await misoca.estimates.create({
      body: { issue_date: '2026-12-01', contact_id: contact.id!, items: [line] },
    });
    await misoca.estimates.get({ id: estimate.id! });
    const estimatePdf = await misoca.estimates.pdf({ id: estimate.id! });
    const logo = await misoca.estimates.logo({ id: estimate.id! });
    const stamp = await misoca.estimates.stamp({ id: estimate.id! });
    const distribution = await misoca.estimates.distribute({
      id: estimate.id!,
      body: { mail_subject: 'お見積書の送付' },
    });
    const slips = await misoca.deliverySlips.list({ per_page: 2 });
    const slip = await misoca.deliverySlips.create({
      body: { issue_date: '2026-12-01', contact_id: contact.id!, items: [line] },
    });
    await misoca.deliverySlips.get({ id: slip.id! });
    const slipPdf = await misoca.deliverySlips.pdf({ id: slip.id! }, { responseType: 'stream' });
    const items = await misoca.dealingItems.list({ per_page: 4 });
    const item = await misoca.dealingItems.create({ body: { name: '保守', unit_price: 5000 } });
    await misoca.dealingItems.get({ id: item.id! });

    const calls = box.calls.slice(start);
    expect(calls.map((call) => call.operation).sort()).toEqual(Object.values(TABLE).sort());
    for (const call of calls) {
      expect({ operation: call.operation, issues: call.requestIssues }).toEqual({
        operation: call.operation,
        issues: [],
      });
      expect({ operation: call.operation, issues: call.responseIssues }).toEqual({
        operation: call.operation,
        issues: [],
      });
      expect(call.status, String(call.operation)).toBeLessThan(300);
      expect(call.authorization).toMatch(/^Bearer /);
    }
    // What the server got: the date as the spec's format, per_page as given, the body as written.
    const list = calls.find((call) => call.operation === 'GET /invoices')!;
    expect(list.query).toEqual({ per_page: '5', from: '2000-01-01' });
    const create = calls.find((call) => call.operation === 'POST /invoice')!;
    expect(create.body).toMatchObject({ contact_id: contact.id, items: [line] });
    expect(calls.find((call) => call.operation === 'POST /invoice/{id}/send_by_postal_mail')!.body).toBe(
      undefined,
    );

    expect(me.email).toBe(box.sandbox.misoca.user.username);
    expect(invoices).toHaveLength(5);
    expect(estimates).toHaveLength(3);
    expect(slips).toHaveLength(2);
    expect(items).toHaveLength(4);
    expect(mailed.invoice?.id).toBe(mailable.id);
    expect(distribution.mail_subject).toBe('お見積書の送付');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(Buffer.from(estimatePdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect([logo.byteLength, stamp.byteLength]).toEqual([0, 0]);
    const streamed = Buffer.concat(await (slipPdf as Readable).toArray());
    expect(streamed.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('returns the PDF bytes intact: the checksum of what the SDK returns is that of what the emulator sent', async () => {
    const id = box.emulator.state.invoices[0]!.id;
    const seenBefore = box.calls.length;
    const bytes = await misoca.invoices.pdf({ id });
    const stream = (await misoca.invoices.pdf({ id }, { responseType: 'stream' })) as Readable;
    const streamed = Buffer.concat(await stream.toArray());
    // The emulator's bytes, fetched around the SDK with the same token.
    const direct = await fetch(`${box.sandbox.misoca.baseUrl}/invoice/${id}/pdf`, {
      headers: { authorization: `Bearer ${await misoca.tokens.getAccessToken()}` },
    });
    const expected = new Uint8Array(await direct.arrayBuffer());
    expect(bytes.byteLength).toBeGreaterThan(500);
    expect(sha256(bytes)).toBe(sha256(expected));
    expect(sha256(streamed)).toBe(sha256(expected));
    expect(box.calls.slice(seenBefore).map((call) => call.contentType)).toEqual([
      'application/pdf',
      'application/pdf',
      'application/pdf',
    ]);
  });
});
