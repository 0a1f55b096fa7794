import { type Sandbox, startSandbox } from '@oauthkit/sandbox';
import type { TokenEvent } from 'oauthkit';
import { Misoca } from 'oauthkit/misoca';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, expectShownNowhere } from '../../support/no-secrets.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('Misoca: secrets never shown', () => {
  it('keeps the client secret, password and tokens out of util.inspect, token events and errors', async () => {
    const events: TokenEvent[] = [];
    const misoca = new Misoca({
      ...sandbox.misoca,
      key: 'secrets',
      onTokenEvent: (event) => events.push(event),
    });
    const { username, password } = sandbox.misoca.user;
    const wrong = await caught(() => misoca.loginWithPassword(username, `${password}-wrong`));
    expect(wrong).toMatchObject({ name: 'OAuthError' });
    await misoca.loginWithPassword(username, password);
    const first = (await misoca.tokens.getTokens())!;
    await misoca.tokens.getAccessToken({ forceRefresh: true });
    const second = (await misoca.tokens.getTokens())!;
    const refused = await caught(() => misoca.invoices.get({ id: 987654321 }));
    expect(refused).toMatchObject({ status: 404 });
    const guard = await caught(() => misoca.invoices.sendByPostalMail({ id: 1 } as never));
    const secrets = [
      sandbox.misoca.clientSecret,
      password,
      first.accessToken,
      first.refreshToken!,
      second.accessToken,
      second.refreshToken!,
    ];
    expect(events.map((event) => event.type)).toContain('refresh');
    for (const shown of [misoca, events, wrong, refused, guard]) expectShownNowhere(shown, secrets);
    expectShownNowhere(wrong, [`${password}-wrong`]);
    await misoca.api.close();
  });
});
