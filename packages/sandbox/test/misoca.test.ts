import { describe, expect, it } from 'vitest';
import { MISOCA_SEED_COUNTS } from '../src/emulators/misoca/_seed.js';
import { createMisocaApi } from '../src/emulators/misoca/api.js';
import { apiRequest, linkRel } from './support/api-request.js';

const BASE = 'http://127.0.0.1:4010/misoca/api/v3';
const reader = { clientId: 'misoca-client', scopes: ['read'], userId: 'u1' };
const writer = { clientId: 'misoca-client', scopes: ['write'], userId: 'u1' };

function get(api: ReturnType<typeof createMisocaApi>, pathWithQuery: string, caller = reader) {
  return api.handle(apiRequest('GET', pathWithQuery, { caller, baseUrl: BASE }));
}

describe('Misoca emulation', () => {
  it('pages invoices with Link headers until rel="next" is gone', async () => {
    const api = createMisocaApi({ seed: 3 });
    const expected = api.state.invoices.filter((i) => i.trashed_at === null).map((i) => i.id);
    let next: string | undefined = `${BASE}/invoices?type=untrashed&per_page=10`;
    const seen: number[] = [];
    let pages = 0;
    while (next) {
      const url = new URL(next);
      const response = await get(api, `${url.pathname.slice('/misoca/api/v3'.length)}${url.search}`);
      expect(response.status).toBe(200);
      seen.push(...(response.json as { id: number }[]).map((i) => i.id));
      pages++;
      if (pages === 2) {
        expect(linkRel(response.headers?.link, 'prev')).toBe(
          `${BASE}/invoices?type=untrashed&per_page=10&page=1`,
        );
        expect(linkRel(response.headers?.link, 'first')).toContain('page=1');
      }
      next = linkRel(response.headers?.link, 'next');
    }
    expect(expected.length).toBeGreaterThan(50);
    expect(pages).toBe(Math.ceil(expected.length / 10));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('uses per_page=25 by default and announces the last page', async () => {
    const api = createMisocaApi();
    const first = await get(api, '/dealing_items');
    expect((first.json as unknown[]).length).toBe(25);
    expect(linkRel(first.headers?.link, 'last')).toBe(`${BASE}/dealing_items?page=2`);
    const second = await get(api, '/dealing_items?page=2');
    expect((second.json as unknown[]).length).toBe(MISOCA_SEED_COUNTS.dealingItems - 25);
    expect(linkRel(second.headers?.link, 'next')).toBeUndefined();
  });

  it('creates a contact and an invoice that then show up in the lists, money as strings', async () => {
    const api = createMisocaApi();
    const contact = await api.handle(
      apiRequest('POST', '/contact', {
        caller: writer,
        body: { recipient_name: '合同会社テスト', recipient_zip_code: '150-0002' },
      }),
    );
    expect(contact.status).toBe(201);
    const contactId = (contact.json as { id: number }).id;
    const contacts = await get(api, '/contacts');
    expect((contacts.json as { id: number }[]).map((c) => c.id)).toContain(contactId);
    const invoice = await api.handle(
      apiRequest('POST', '/invoice', {
        caller: writer,
        body: {
          issue_date: '2026/03/01',
          contact_id: contactId,
          items: [{ name: '作業', quantity: 2, unit_price: 1500.5 }],
        },
      }),
    );
    expect(invoice.status).toBe(201);
    const created = invoice.json as {
      id: number;
      issue_date: string;
      items: { price: string }[];
      body: Record<string, string>;
    };
    expect(created.issue_date).toBe('2026-03-01');
    expect(created.items[0]?.price).toBe('3001.0');
    expect(created.body.tax).toBe('300.0');
    expect(created.body.total_amount_including_tax).toBe('3301.0');
    const list = await get(api, '/invoices?per_page=100&order_by=created_at&order=desc');
    expect((list.json as { id: number }[])[0]?.id).toBe(created.id);
  });

  it('answers 404 and 422 with { reasons: [...] }', async () => {
    const api = createMisocaApi();
    const missing = await get(api, '/invoice/999999');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ reasons: [expect.stringContaining('999999')] });
    const noRoute = await get(api, '/invoices/extra/segment');
    expect(noRoute.status).toBe(404);
    expect((noRoute.json as { reasons: string[] }).reasons).toHaveLength(1);
    const unknownContact = await api.handle(
      apiRequest('POST', '/invoice', { caller: writer, body: { issue_date: '2026-01-01', contact_id: 1 } }),
    );
    expect(unknownContact.status).toBe(422);
    expect((unknownContact.json as { reasons: string[] }).reasons[0]).toContain('contact_id');
    const noContactOrName = await api.handle(
      apiRequest('POST', '/contact', { caller: writer, body: { memo: 'x' } }),
    );
    expect(noContactOrName.status).toBe(422);
    expect((noContactOrName.json as { reasons: string[] }).reasons[0]).toContain('recipient_name');
  });

  it('needs a token (401) and the write scope for changes (403), leaving data untouched', async () => {
    const api = createMisocaApi();
    const anonymous = await api.handle(apiRequest('GET', '/user/me', { caller: null }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers?.['www-authenticate']).toContain('invalid_token');
    expect((anonymous.json as { reasons: string[] }).reasons).toHaveLength(1);
    const before = api.state.contactGroups.length;
    const denied = await api.handle(
      apiRequest('POST', '/contact_group', { caller: reader, body: { recipient_name: 'X' } }),
    );
    expect(denied.status).toBe(403);
    expect((denied.json as { reasons: string[] }).reasons[0]).toContain('write');
    expect(api.state.contactGroups.length).toBe(before);
    const trash = await api.handle(apiRequest('PUT', '/invoice/10001/trashed', { caller: reader }));
    expect(trash.status).toBe(403);
    expect(api.state.invoices.find((i) => i.id === 10_001)?.trashed_at).toBeNull();
    expect((await get(api, '/user/me')).json).toEqual({ id: 4201, email: 'yamada.taro@example.jp' });
  });

  it('archives an invoice once submitted and paid, and restores it when unpaid', async () => {
    const api = createMisocaApi();
    const id = api.state.invoices.find((i) => i.invoice_status === 0 && i.trashed_at === null)!.id;
    await api.handle(apiRequest('PUT', `/invoice/${id}/submitted`, { caller: writer }));
    const paid = await api.handle(
      apiRequest('PUT', `/invoice/${id}/paid`, { caller: writer, body: { paid_on: '2026-02-01' } }),
    );
    expect(paid.json).toMatchObject({
      payment_status: 1,
      invoice_status: 1,
      invoice_payment_history: { last_paid_on: '2026-02-01' },
    });
    const archived = await get(api, '/invoices?type=archived&per_page=100');
    expect((archived.json as { id: number }[]).map((i) => i.id)).toContain(id);
    const unpaid = await api.handle(apiRequest('DELETE', `/invoice/${id}/paid`, { caller: writer }));
    expect(unpaid.json).toMatchObject({ payment_status: 0, archived_at: null });
  });

  it('serves invoice PDFs a reader can open: header, xref offsets, trailer, %%EOF, ETag', async () => {
    const api = createMisocaApi();
    const response = await get(api, '/invoice/10001/pdf');
    const pdf = response.body as Buffer;
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    // Every object the cross-reference table lists starts at exactly the offset it gives.
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    const size = Number(/\/Size (\d+)/.exec(text.slice(startxref))?.[1]);
    expect(entries.length).toBeGreaterThan(6);
    expect(entries).toHaveLength(size - 1);
    for (const [index, offset] of entries.entries()) {
      expect(text.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`);
    }
    const etag = response.headers?.etag ?? '';
    const cached = await api.handle(
      apiRequest('GET', '/invoice/10001/pdf', { caller: reader, headers: { 'if-none-match': etag } }),
    );
    expect(cached.status).toBe(304);
  });

  it('rejects bad parameters with a reason naming the field', async () => {
    const api = createMisocaApi();
    const badType = await get(api, '/invoices?per_page=abc');
    expect(badType.status).toBe(400);
    expect(badType.json).toEqual({ reasons: ['per_page must be integer'] });
    const tooMany = await get(api, '/invoices?per_page=500');
    expect((tooMany.json as { reasons: string[] }).reasons[0]).toMatch(/^per_page must be <= 100/);
    const badEnum = await get(api, '/invoices?payment_status=late');
    expect((badEnum.json as { reasons: string[] }).reasons[0]).toBe(
      'payment_status must be one of unpaid, paid',
    );
    const badBody = await api.handle(
      apiRequest('POST', '/invoice', { caller: writer, body: { contact_id: '2001x' } }),
    );
    expect(badBody.status).toBe(422);
    expect((badBody.json as { reasons: string[] }).reasons).toEqual([
      'issue_date is required',
      'contact_id must be integer',
    ]);
  });
});
