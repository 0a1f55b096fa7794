// `oauthkit status`: profile, provider, login flow, expiry, scopes, refresh token held; never a token.
import { EXIT, printJson, printResult } from '../output.js';
import { loadProfile } from '../profiles.js';
import { tokenStore } from '../session.js';

/** Runs `status`. */
export async function run(options: Record<string, unknown>): Promise<number> {
  const { name, profile } = await loadProfile(options.profile as string | undefined);
  const stored = await tokenStore().get(name);
  const tokens = stored?.tokens;
  const status = {
    profile: name,
    provider: profile.provider,
    flow: profile.flow,
    loggedIn: Boolean(tokens),
    expiresAt: tokens?.expiresAt ? new Date(tokens.expiresAt).toISOString() : null,
    expired: tokens?.expiresAt ? tokens.expiresAt <= Date.now() : false,
    scopes: tokens?.scope?.split(' ').filter(Boolean) ?? profile.scopes ?? [],
    refreshToken: Boolean(tokens?.refreshToken),
    apiBase: profile.apiBase ?? null,
  };
  if (options.json) printJson(status);
  else {
    printResult(`profile:  ${status.profile} (${status.provider}, ${status.flow} login)`);
    printResult(`logged in: ${status.loggedIn ? 'yes' : 'no'}`);
    printResult(`expires:  ${status.expiresAt ?? 'never'}${status.expired ? ' (expired)' : ''}`);
    printResult(`scopes:   ${status.scopes.join(' ') || '-'}`);
    printResult(`refresh token: ${status.refreshToken ? 'held' : 'none'}`);
  }
  return EXIT.ok;
}
