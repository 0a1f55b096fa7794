// `oauthkit token`: a valid access token on stdout.
// From the store while fresh, so no HTTP stack is loaded.
import { EXIT, printResult } from '../output.js';
import { loadProfile } from '../profiles.js';
import { createTokenManager } from '../session.js';

/**
 * Runs `token`: prints the profile's access token on stdout, for
 * `curl -H "Authorization: Bearer $(oauthkit token)"`.
 *
 * A token that is still fresh comes straight from the token file: the grant client is made
 * (and the HTTP stack loaded) only when a refresh or a new client-credentials token is needed.
 * Two processes renewing at once share one refresh through the token file's lock.
 * Fails with exit code 3 when the login can no longer be renewed.
 */
export async function run(options: Record<string, unknown>): Promise<number> {
  const { name, profile } = await loadProfile(options.profile as string | undefined);
  printResult(await createTokenManager(name, profile).getAccessToken());
  return EXIT.ok;
}
