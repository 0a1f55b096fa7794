import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExpiresIn, tokenSetFromWire } from '../../src/oauth/_token-set-from-wire.js';

const NOW = 1_700_000_000_000;
const token = fc.string({ minLength: 8, maxLength: 40 }).filter((s) => s.trim().length >= 8);
const extraName = fc
  .string({ minLength: 1, maxLength: 20 })
  .filter(
    (s) => !['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token'].includes(s),
  )
  .filter((s) => !['__proto__', 'constructor', 'prototype'].includes(s));

describe('tokenSetFromWire', () => {
  it('reads expires_in given as a number or a numeric string', () => {
    fc.assert(
      fc.property(token, fc.integer({ min: 0, max: 10_000_000 }), fc.boolean(), (access, seconds, quoted) => {
        const tokens = tokenSetFromWire(
          { access_token: access, token_type: 'Bearer', expires_in: quoted ? String(seconds) : seconds },
          NOW,
        );
        expect(tokens.expiresAt).toBe(NOW + seconds * 1000);
        expect(tokens.accessToken).toBe(access);
      }),
    );
  });

  it('gives expiresAt null when expires_in is missing or not a number', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom('soon', '', '-5', 'NaN', null, true), { nil: undefined }),
        (value) => {
          const body: Record<string, unknown> = { access_token: 'abc', token_type: 'Bearer' };
          if (value !== undefined) body.expires_in = value;
          expect(tokenSetFromWire(body, NOW).expiresAt).toBeNull();
        },
      ),
    );
  });

  it('keeps every unknown field in extra, and only those', () => {
    fc.assert(
      fc.property(token, fc.dictionary(extraName, fc.jsonValue(), { maxKeys: 6 }), (access, extra) => {
        const tokens = tokenSetFromWire(
          { ...extra, access_token: access, token_type: 'bearer', scope: 'a b' },
          NOW,
        );
        expect(tokens.extra).toEqual(extra);
        expect(tokens.scope).toBe('a b');
        expect(tokens.tokenType).toBe('bearer');
      }),
    );
  });

  it('maps refresh and id tokens and hides every token from util.inspect', () => {
    fc.assert(
      fc.property(token, token, token, (access, refresh, id) => {
        const tokens = tokenSetFromWire({
          access_token: access,
          refresh_token: refresh,
          id_token: id,
          organization_slug: 'club',
        });
        expect([tokens.refreshToken, tokens.idToken]).toEqual([refresh, id]);
        const shown = inspect(tokens);
        for (const secret of [access, refresh, id]) expect(shown).not.toContain(secret);
        expect(shown).toContain('club');
        expect(JSON.parse(JSON.stringify(tokens)).accessToken).toBe(access);
      }),
    );
  });

  it('parseExpiresIn accepts decimals in strings and refuses negative numbers', () => {
    expect(parseExpiresIn(' 3600 ')).toBe(3600);
    expect(parseExpiresIn('1.5')).toBe(1.5);
    expect(parseExpiresIn(-1)).toBeUndefined();
    expect(parseExpiresIn(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
