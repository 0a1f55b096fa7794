import { describe, expect, it } from 'vitest';
import { createMisocaApi } from '../src/emulators/misoca/api.js';
import { apiRequest } from './support/api-request.js';

const writer = { clientId: 'misoca-client', scopes: ['write'] };
type Row = { id: number; contact_id: number; subject: string; recipient_name: string };

describe('Misoca documents, contacts and filters', () => {
  it('hides and unhides a contact, moving it between the two lists', async () => {
    const api = createMisocaApi();
    const ids = async (query: string) =>
      ((await api.handle(apiRequest('GET', `/contacts${query}`, { caller: writer }))).json as Row[]).map(
        (c) => c.id,
      );
    expect(await ids('')).toContain(2005);
    const hidden = await api.handle(apiRequest('PUT', '/contact/2005/trashed', { caller: writer }));
    expect(hidden.json).toMatchObject({ id: 2005, trashed: true, lock_version: 1 });
    expect(await ids('')).not.toContain(2005);
    expect(await ids('?trashed=true')).toContain(2005);
    await api.handle(apiRequest('DELETE', '/contact/2005/trashed', { caller: writer }));
    expect(await ids('?trashed=false')).toContain(2005);
    const groupId = api.state.contacts.find((c) => c.id === 2005)?.contact_group_id;
    const inGroup = await ids(`?contact_group_id=${String(groupId)}`);
    expect(inGroup.length).toBeGreaterThan(0);
    for (const id of inGroup)
      expect(api.state.contacts.find((c) => c.id === id)?.contact_group_id).toBe(groupId);
  });

  it('creates a contact inside a new contact group, inheriting its name', async () => {
    const api = createMisocaApi();
    const group = await api.handle(
      apiRequest('POST', '/contact_group', {
        caller: writer,
        body: { recipient_name: '有限会社ひまわり', recipient_ruby: 'ひまわり' },
      }),
    );
    expect(group.status).toBe(201);
    const groupId = (group.json as { id: number }).id;
    const contact = await api.handle(
      apiRequest('POST', '/contact', {
        caller: writer,
        body: { contact_group_id: groupId, recipient_mail_address: 'a@b.jp' },
      }),
    );
    expect(contact.json).toMatchObject({
      contact_group_id: groupId,
      recipient_name: '有限会社ひまわり',
      recipient_ruby: 'ひまわり',
    });
  });

  it('filters invoices by keyword, status and issue dates given as YYYY/MM/DD', async () => {
    const api = createMisocaApi();
    const list = async (query: string) =>
      (
        await api.handle(
          apiRequest('GET', `/invoices?type=untrashed&per_page=100&${query}`, { caller: writer }),
        )
      ).json as Row[];
    const subject = String(api.state.invoices[0]?.subject);
    const bySubject = await list(`condition=${encodeURIComponent(subject)}`);
    expect(bySubject.length).toBeGreaterThan(0);
    for (const row of bySubject) expect(row.subject).toBe(subject);
    const paid = await list('payment_status=paid');
    const unpaid = await list('payment_status=unpaid');
    expect(paid.length + unpaid.length).toBe((await list('')).length);
    const january = await list('from=2025/01/01&to=2025/01/31&order_by=issue_date&order=asc');
    const dates = january.map((row) => (row as unknown as { issue_date: string }).issue_date);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates).toEqual([...dates].sort());
    for (const date of dates) expect(date >= '2025-01-01' && date <= '2025-01-31').toBe(true);
  });

  it('distributes an estimate by mail and marks it issued', async () => {
    const api = createMisocaApi();
    const sent = await api.handle(
      apiRequest('POST', '/estimate/20001/distribute', {
        caller: writer,
        body: { mail_subject: 'お見積書', mail_message: 'ご査収ください', including_self_to_cc: true },
      }),
    );
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({
      mail_subject: 'お見積書',
      mail_message: 'ご査収ください',
      mail_cc: 'yamada.taro@example.jp',
      document: { id: 20_001 },
    });
    const estimate = await api.handle(apiRequest('GET', '/estimate/20001', { caller: writer }));
    expect(estimate.json).toMatchObject({ estimate_status: 1, issued: true });
    const missingSubject = await api.handle(
      apiRequest('POST', '/estimate/20001/distribute', { caller: writer, body: {} }),
    );
    expect(missingSubject.json).toEqual({ reasons: ['mail_subject is required'] });
  });

  it('pages delivery slips of one contact group and refuses postal mail for a trashed invoice', async () => {
    const api = createMisocaApi();
    const slip = api.state.deliverySlips[0]!;
    const groupId = api.state.contacts.find((c) => c.id === slip.contact_id)?.contact_group_id;
    const slips = await api.handle(
      apiRequest('GET', `/delivery_slips?contact_group_id=${String(groupId)}`, { caller: writer }),
    );
    expect((slips.json as Row[]).map((s) => s.id)).toContain(slip.id);
    const trashed = api.state.invoices.find((i) => i.trashed_at !== null)!;
    const mail = await api.handle(
      apiRequest('POST', `/invoice/${trashed.id}/send_by_postal_mail`, { caller: writer }),
    );
    expect(mail.status).toBe(422);
    expect((mail.json as { reasons: string[] }).reasons[0]).toContain('ごみ箱');
  });
});
