import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { decodeRecord, encodeRecord } from '../../src/redis/_record.js';
import type { TokenSet } from '../../src/tokens/token-set.js';

const tokenSet: fc.Arbitrary<TokenSet> = fc.record(
  {
    accessToken: fc.string({ minLength: 1 }),
    tokenType: fc.constantFrom('Bearer', 'bearer', 'DPoP'),
    expiresAt: fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: null }),
    refreshToken: fc.string(),
    scope: fc.string(),
    idToken: fc.string(),
    extra: fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: ['accessToken', 'tokenType', 'expiresAt', 'extra'] },
);

describe('Redis token records', () => {
  it('read back exactly what was written', () => {
    fc.assert(
      fc.property(tokenSet, fc.integer({ min: 1, max: 2 ** 40 }), fc.nat(), (tokens, version, updatedAt) => {
        const record = decodeRecord(encodeRecord(tokens, version, updatedAt), '{p:k}:tokens');
        expect(record).toEqual({ tokens: JSON.parse(JSON.stringify(tokens)), version, updatedAt });
      }),
    );
  });

  it('turn anything else into a TokenStoreError naming the key, never quoting the value', () => {
    const secret = 'sk-secret-value';
    const stored = fc.oneof(
      fc.string().map((text) => `${secret}${text}`),
      fc.string().map((text) => `{"version":1,"updatedAt":1,"tokens":{"accessToken":"${secret}"${text}`),
      fc
        .jsonValue()
        .map((value) => JSON.stringify({ version: value, updatedAt: 1, tokens: { accessToken: secret } })),
      fc
        .jsonValue()
        .map((value) =>
          JSON.stringify({ version: 1, updatedAt: 1, tokens: { accessToken: secret, expiresAt: value } }),
        ),
      fc
        .jsonValue()
        .map((value) => JSON.stringify({ version: 1, updatedAt: value, tokens: { accessToken: secret } })),
    );
    fc.assert(
      fc.property(stored, (text) => {
        try {
          const record = decodeRecord(text, '{p:k}:tokens');
          expect(record.tokens.accessToken).toBe(secret); // a valid record after all
        } catch (error) {
          expect(error).toBeInstanceOf(TokenStoreError);
          expect((error as Error).message).toContain('{p:k}:tokens');
          expect((error as Error).message).not.toContain(secret);
          expect((error as Error).cause).toBeUndefined();
        }
      }),
    );
  });
});
