import { inspect } from 'node:util';
import { ApiError, ConfigurationError } from 'oauthkit';
import { Misoca } from 'oauthkit/misoca';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSandbox, startLoggedInMisoca } from '../../support/misoca-recording-sandbox.js';

let box: RecordingSandbox;
let misoca: Misoca;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ box, misoca, close } = await startLoggedInMisoca());
});
afterAll(() => close?.());

const callsDuring = async (work: () => Promise<unknown>) => {
  const start = box.calls.length;
  await work();
  return box.calls.slice(start);
};
const untrashed = () => box.emulator.state.invoices.filter((invoice) => invoice.trashed_at === null);

describe('Misoca quirks', () => {
  it('turns the numeric strings Misoca sends into the numbers the spec declares', async () => {
    const id = untrashed()[0]!.id;
    const [call] = await callsDuring(() => misoca.invoices.get({ id }));
    const raw = call!.json as { body: Record<string, unknown>; items: Record<string, unknown>[] };
    const invoice = await misoca.invoices.get({ id });
    for (const field of ['total_amount', 'tax', 'total_amount_including_tax'] as const) {
      expect(typeof raw.body[field]).toBe('string');
      expect(invoice.body?.[field]).toBe(Number(raw.body[field]));
    }
    for (const [index, item] of (invoice.items ?? []).entries()) {
      expect(typeof raw.items[index]!.unit_price).toBe('string');
      expect(item.unit_price).toBe(Number(raw.items[index]!.unit_price));
      expect(item.quantity).toBe(Number(raw.items[index]!.quantity));
      expect(typeof item.name).toBe('string');
    }
    // In lists and nested answers too; strings the spec types as strings stay strings.
    const [first] = await misoca.invoices.list({ per_page: 1 });
    expect(typeof first!.body?.total_amount).toBe('number');
    expect(typeof first!.invoice_number).toBe('string');
    const items = await misoca.dealingItems.list({ per_page: 3 });
    expect(items.every((item) => typeof item.unit_price === 'number')).toBe(true);
  });

  it('pages through invoices across 3 pages via Link rel="next", every item once', async () => {
    const total = untrashed().length;
    const perPage = Math.ceil(total / 3);
    let all: unknown[] = [];
    const calls = await callsDuring(async () => {
      all = await misoca.paginate(misoca.invoices.list, { type: 'untrashed', per_page: perPage }).toArray();
    });
    expect(calls.map((call) => call.query)).toEqual([
      { type: 'untrashed', per_page: String(perPage) },
      { type: 'untrashed', per_page: String(perPage), page: '2' },
      { type: 'untrashed', per_page: String(perPage), page: '3' },
    ]);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((invoice) => (invoice as { id: number }).id)).size).toBe(total);
  });

  it('sends per_page=100 where the operation takes it, none where it does not, and stops at limit', async () => {
    const calls = await callsDuring(async () => {
      await misoca.paginate(misoca.invoices.list).toArray();
      await misoca.paginate(misoca.contacts.list).toArray();
      expect(
        await misoca.paginate(misoca.dealingItems.list, { per_page: 2 }, { limit: 3 }).toArray(),
      ).toHaveLength(3);
    });
    expect(calls.map((call) => [call.operation, call.query])).toEqual([
      ['GET /invoices', { per_page: '100' }],
      ['GET /contacts', {}],
      ['GET /dealing_items', { per_page: '2' }],
      ['GET /dealing_items', { per_page: '2', page: '2' }],
    ]);
  });

  it('hides archived invoices unless type says otherwise', async () => {
    const archived = box.emulator.state.invoices.filter(
      (i) => i.archived_at !== null && i.trashed_at === null,
    );
    expect(archived.length).toBeGreaterThan(0);
    const active = await misoca.paginate(misoca.invoices.list).toArray();
    const everything = await misoca.paginate(misoca.invoices.list, { type: 'untrashed' }).toArray();
    const ids = (list: { id?: number }[]) => new Set(list.map((invoice) => invoice.id));
    expect(archived.some((invoice) => ids(active).has(invoice.id))).toBe(false);
    expect(archived.every((invoice) => ids(everything).has(invoice.id))).toBe(true);
  });

  it('takes query dates as Date (its day in Japan) or YYYY-MM-DD, and refuses anything else unsent', async () => {
    const calls = await callsDuring(async () => {
      await misoca.invoices.list({ from: new Date('2026-03-31T20:00:00Z'), to: '2026-12-31' });
      await misoca.invoices.list({ updated_at_from: '2026/01/02' });
    });
    expect(calls.map((call) => call.query)).toEqual([
      { from: '2026-04-01', to: '2026-12-31' },
      { updated_at_from: '2026-01-02' },
    ]);
    const refused = await callsDuring(async () => {
      await expect(misoca.invoices.list({ from: 'yesterday' })).rejects.toThrow(ConfigurationError);
      await expect(misoca.invoices.list({ to: new Date(Number.NaN) })).rejects.toThrow(ConfigurationError);
    });
    expect(refused).toEqual([]);
  });

  it('refuses sendByPostalMail without confirm: true, and sends nothing', async () => {
    const id = untrashed()[0]!.id;
    const before = structuredClone(box.emulator.state.invoices.find((invoice) => invoice.id === id));
    const calls = await callsDuring(async () => {
      // @ts-expect-error confirm: true is required by the types too
      const error = await misoca.invoices.sendByPostalMail({ id }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/confirm: true.*nothing was sent/);
      const unconfirmed = { id, confirm: 'yes' } as unknown as { id: number; confirm: true };
      await expect(misoca.invoices.sendByPostalMail(unconfirmed)).rejects.toThrow(ConfigurationError);
    });
    expect(calls).toEqual([]);
    expect(box.emulator.state.invoices.find((invoice) => invoice.id === id)).toEqual(before);
  });

  it('puts Misoca’s { reasons } into ApiError.messages', async () => {
    const noContact = { issue_date: '2026-12-01' } as unknown as { issue_date: string; contact_id: number };
    const invalid = await misoca.invoices.create({ body: noContact }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiError);
    const [call] = box.calls.slice(-1);
    expect((invalid as ApiError).status).toBe(call!.status);
    expect((invalid as ApiError).messages).toEqual((call!.json as { reasons: string[] }).reasons);
    expect((invalid as ApiError).messages.length).toBeGreaterThan(0);
    const missing = await misoca.invoices.get({ id: 987654321 }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, messages: ["Couldn't find Invoice with 'id'=987654321"] });
    const trashed = box.emulator.state.invoices.find((invoice) => invoice.trashed_at !== null)!;
    const postal = await misoca.invoices
      .sendByPostalMail({ id: trashed.id, confirm: true })
      .catch((e: unknown) => e);
    expect(postal).toMatchObject({ status: 422 });
    expect((postal as ApiError).messages).toContain('ごみ箱にある請求書は郵送できません');
  });
});

describe('new Misoca(options)', () => {
  it('derives every endpoint from siteUrl, https://app.misoca.jp by default, and never shows the secret', () => {
    const production = new Misoca({ clientId: 'app-id', clientSecret: 'secret-value-7f3a' });
    expect(inspect(production)).toBe(
      "Misoca { siteUrl: 'https://app.misoca.jp', clientId: 'app-id', scopes: [read, write], key: 'misoca' }",
    );
    expect(inspect(production, { depth: 5, showHidden: true })).not.toContain('secret-value-7f3a');
    expect(inspect(new Misoca(box.sandbox.misoca))).toContain(`siteUrl: '${box.sandbox.misoca.siteUrl}'`);
  });

  it.each([
    [{ clientId: '', clientSecret: 's' }, /clientId/],
    [{ clientId: 'a' }, /clientSecret/],
    [{ clientId: 'a', clientSecret: 's', siteUrl: 'http://misoca.example' }, /https/],
    [{ clientId: 'a', clientSecret: 's', siteUrl: 'not a url' }, /absolute URL/],
    [{ clientId: 'a', clientSecret: 's', scopes: ['admin'] }, /scopes/],
    [{ clientId: 'a', clientSecret: 's', scopes: [] }, /scopes/],
    [{ clientId: 'a', clientSecret: 's', redirectUri: 'https://my.app/callback' }, /redirectUri/],
  ])('refuses bad options with a ConfigurationError (%j)', (options, message) => {
    expect(() => new Misoca(options as never)).toThrow(ConfigurationError);
    expect(() => new Misoca(options as never)).toThrow(message);
    expect(() => new Misoca(options as never)).not.toThrow(/\bs\b.*secret/);
  });

  it('a write token reads too; a read token is refused writes with the 403 reasons', async () => {
    const writer = new Misoca({ ...box.sandbox.misoca, scopes: ['write'], key: 'writer' });
    const granted = await writer.loginWithPassword(
      box.sandbox.misoca.user.username,
      box.sandbox.misoca.user.password,
    );
    expect(granted.scopes).toEqual(['write']);
    expect((await writer.user.me()).email).toBe(box.sandbox.misoca.user.username);
    const reader = new Misoca({ ...box.sandbox.misoca, scopes: ['read'], key: 'reader' });
    await reader.loginWithPassword(box.sandbox.misoca.user.username, box.sandbox.misoca.user.password);
    const refused = await reader.dealingItems.create({ body: { name: 'x' } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, messages: ['This operation needs the "write" scope'] });
    await Promise.all([writer.api.close(), reader.api.close()]);
  });
});
