// `oauthkit logout [--revoke]`: revokes at the server if asked, then forgets the tokens.
import { EXIT, printMessage } from '../output.js';
import { loadProfile, readClientSecret } from '../profiles.js';
import { createClient, tokenStore } from '../session.js';

/** Runs `logout`. */
export async function run(options: Record<string, unknown>): Promise<number> {
  const { name, profile } = await loadProfile(options.profile as string | undefined);
  const store = tokenStore();
  const stored = await store.get(name);
  if (options.revoke && stored) {
    const client = await createClient(profile, await readClientSecret(name));
    const { refreshToken, accessToken } = stored.tokens;
    if (refreshToken) await client.revoke(refreshToken, { hint: 'refresh_token' });
    await client.revoke(accessToken, { hint: 'access_token' });
    printMessage('Revoked at the server.');
  }
  await store.delete(name);
  printMessage(`Logged out of profile "${name}".`);
  return EXIT.ok;
}
