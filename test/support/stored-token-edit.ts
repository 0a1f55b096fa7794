import { FileTokenStore } from '../../src/tokens/file-store.js';
import type { TokenSet } from '../../src/tokens/token-set.js';

/**
 * Changes the tokens stored under `key` in a CLI home's token file through `FileTokenStore` (its
 * lock-free compare-and-set, so the version moves on as after a real write); returns what was
 * there. `staleTokens` makes the access token expired, which beats sleeping through a lifetime.
 */
export async function editStoredTokens(
  home: string,
  key: string,
  edit: (tokens: TokenSet) => TokenSet,
): Promise<TokenSet> {
  const store = new FileTokenStore(`${home}/state/tokens.json`);
  const stored = await store.get(key);
  if (!stored) throw new Error(`no tokens stored under "${key}"`);
  const written = await store.compareAndSet(key, stored.version, edit(stored.tokens));
  if (!written) throw new Error(`the tokens of "${key}" changed meanwhile`);
  return stored.tokens;
}

/** The edit that leaves everything as it is but the expiry, a second ago. */
export const staleTokens = (tokens: TokenSet): TokenSet => ({ ...tokens, expiresAt: Date.now() - 1_000 });
