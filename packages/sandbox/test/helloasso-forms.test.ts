import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelloAssoApi } from '../src/emulators/helloasso/api.js';
import { apiRequest } from './support/api-request.js';

const ORG = 'les-amis-du-sandbox';
const token = { clientId: 'ha-client', scopes: [] };
const paths: string[] = [];
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    paths.push(req.url ?? '');
    res.end();
  });
});
let origin = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HelloAsso forms and notification settings', () => {
  it('quick-creates an event as a draft with its tiers, and only for events', async () => {
    const api = createHelloAssoApi();
    const created = await api.handle(
      apiRequest('POST', `/organizations/${ORG}/forms/Event/action/quick-create`, {
        caller: token,
        body: { title: 'Soirée Jeux de Société', tierList: [{ label: 'Entrée', price: 500 }] },
      }),
    );
    expect(created.json).toEqual({
      formSlug: 'soiree-jeux-de-societe',
      organizationSlug: ORG,
      publicUrl: expect.stringContaining('/soiree-jeux-de-societe'),
    });
    const drafts = await api.handle(
      apiRequest('GET', `/organizations/${ORG}/forms?states=Draft`, { caller: token }),
    );
    expect((drafts.json as { data: { formSlug: string }[] }).data.map((f) => f.formSlug)).toEqual([
      'soiree-jeux-de-societe',
    ]);
    const form = await api.handle(
      apiRequest('GET', `/organizations/${ORG}/forms/Event/soiree-jeux-de-societe/public`, { caller: token }),
    );
    expect((form.json as { tiers: { label: string; price: number }[] }).tiers).toEqual([
      expect.objectContaining({ label: 'Entrée', price: 500 }),
    ]);
    const shop = await api.handle(
      apiRequest('POST', `/organizations/${ORG}/forms/Shop/action/quick-create`, {
        caller: token,
        body: { title: 'T' },
      }),
    );
    expect(shop.status).toBe(400);
    expect((shop.json as { errors: { code: string }[] }).errors[0]?.code).toBe('FormTypeNotSupported');
  });

  it('changes a form state only with a token; lists filter on states only when asked', async () => {
    const api = createHelloAssoApi();
    const path = `/organizations/${ORG}/forms/Donation/soutenir-nos-actions/state`;
    const anonymous = await api.handle(apiRequest('PUT', path, { caller: null, body: { state: 'Deleted' } }));
    expect(anonymous.status).toBe(401);
    expect(api.state.forms.find((f) => f.formSlug === 'soutenir-nos-actions')?.state).toBe('Public');
    const changed = await api.handle(apiRequest('PUT', path, { caller: token, body: { state: 'Deleted' } }));
    expect(changed).toEqual({ status: 200 });
    const slugs = async (query: string) =>
      (
        (
          await api.handle(
            apiRequest('GET', `/organizations/${ORG}/forms?pageSize=50${query}`, { caller: token }),
          )
        ).json as { data: { formSlug: string; state: string }[] }
      ).data.map((f) => `${f.formSlug}:${f.state}`);
    expect(await slugs('')).toContain('soutenir-nos-actions:Deleted');
    expect(await slugs('&states=Public&states=Private')).not.toContain('soutenir-nos-actions:Deleted');
    const types = await api.handle(
      apiRequest('GET', `/organizations/${ORG}/formTypes?states=Public`, { caller: token }),
    );
    expect(types.json).not.toContain('Donation');
    expect(types.json).toContain('Membership');
    const badState = await api.handle(
      apiRequest('PUT', path, { caller: token, body: { state: 'Archived' } }),
    );
    expect(Object.keys((badState.json as { errors: object }).errors)).toEqual(['state']);
  });

  it('routes notifications by registered type and organization', async () => {
    const api = createHelloAssoApi();
    const register = (path: string, body: unknown) =>
      api.handle(apiRequest('PUT', path, { caller: token, body }));
    const forms = await register('/partners/me/api-notifications', {
      url: `${origin}/forms`,
      notificationType: 'Form',
    });
    expect(forms.json).toEqual({
      url: `${origin}/forms`,
      apiNotificationType: 'Form',
      signatureKey: 'sandbox-signature-key',
    });
    await register(`/partners/me/api-notifications/organizations/${ORG}`, {
      url: `${origin}/orders`,
      notificationType: 'Order',
    });
    const foreign = await register('/partners/me/api-notifications/organizations/theatre-des-lilas', {
      url: `${origin}/x`,
    });
    expect(foreign.status).toBe(403);
    const me = await api.handle(apiRequest('GET', '/partners/me', { caller: token }));
    expect((me.json as { urlNotificationList: { url: string }[] }).urlNotificationList).toEqual([
      expect.objectContaining({ url: `${origin}/forms` }),
    ]);
    paths.length = 0;
    await api.handle(
      apiRequest('POST', `/organizations/${ORG}/forms/Event/action/quick-create`, {
        caller: token,
        body: { title: 'Loto' },
      }),
    );
    await api.flushNotifications();
    expect(paths).toEqual(['/forms']);
    await api.handle(
      apiRequest('DELETE', '/partners/me/api-notifications?notificationType=Form', { caller: token }),
    );
    paths.length = 0;
    await api.notify('Form', { formSlug: 'loto' });
    expect(paths).toEqual([]);
    expect(api.state.notificationUrls.map((u) => u.url)).toEqual([`${origin}/orders`]);
  });
});
