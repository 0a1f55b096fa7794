// `oauthkit logout [--revoke]`: revokes at the server if asked, then forgets the tokens.
import type { OperationProvider } from '../operations/provider-sdk.js';
import { EXIT, printMessage } from '../output.js';
import { loadPreset } from '../presets/registry.js';
import { loadProfile, readClientSecret, writeClientSecret } from '../profiles.js';
import { createClient, tokenStore } from '../session.js';

/** Runs `logout`. */
export async function run(options: Record<string, unknown>): Promise<number> {
  const { name, profile } = await loadProfile(options.profile as string | undefined);
  const store = tokenStore();
  const stored = await store.get(name);
  if (options.revoke && stored) {
    const preset = await loadPreset(profile.provider);
    if (preset?.revoke) {
      const { profileSdk } = await import('../operations/provider-sdk.js');
      await preset.revoke(() => profileSdk(profile.provider as OperationProvider, name, profile));
    } else {
      const client = await createClient(profile, await readClientSecret(name));
      const { refreshToken, accessToken } = stored.tokens;
      if (refreshToken) await client.revoke(refreshToken, { hint: 'refresh_token' });
      await client.revoke(accessToken, { hint: 'access_token' });
    }
    printMessage('Revoked at the server.');
  }
  await store.delete(name);
  // The client secret is a login credential too: a client-credentials profile must not mint again.
  await writeClientSecret(name, undefined);
  printMessage(`Logged out of profile "${name}".`);
  return EXIT.ok;
}
