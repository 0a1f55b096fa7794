import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthKitError } from '../../src/errors/oauthkit-error.js';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { continuationTokenPagination } from '../../src/http/pagination/continuation-token-pagination.js';
import { findLink, parseLinkHeader } from '../../src/http/pagination/parse-link-header.js';
import { LoopbackReceiver } from '../../src/oauth/_callback-server.js';
import { tokenSetFromWire } from '../../src/oauth/_token-set-from-wire.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { decodeRecord, encodeRecord } from '../../src/redis/_record.js';
import { FileTokenStore } from '../../src/tokens/file-store.js';
import type { TokenSet } from '../../src/tokens/token-set.js';
import { type Fault, type FaultServer, startFaultServer } from '../support/fault-server.js';

// Outside input, generated: each parser gives a correct value or a typed error (an OAuthKitError),
// never another exception, never a hang. The seed is fixed and printed when a property fails.
const SEED = 20261202;
let runs = 0;
const settings = (numRuns: number) => ({ seed: SEED, numRuns });

afterAll(() => {
  process.stderr.write(`\nproperty runs: ${runs} (seed ${SEED})\n`);
});

/** Runs `body`; a thrown error must be an OAuthKitError. Returns the value, or undefined. */
async function typedOrValue<T>(body: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof OAuthKitError)) throw error;
    return undefined;
  }
}

/** Rejects when `promise` takes longer than `ms`: a hang fails the property. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (a hang)`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

const wireToken = fc.record(
  {
    access_token: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('')),
    token_type: fc.oneof(fc.constantFrom('Bearer', 'bearer', 'DPoP', 'mac'), fc.string(), fc.integer()),
    expires_in: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.constant(1e308)),
    refresh_token: fc.oneof(fc.string(), fc.integer()),
    scope: fc.oneof(fc.string(), fc.array(fc.string())),
    error: fc.oneof(fc.constantFrom('invalid_grant', 'invalid_client'), fc.string()),
    error_description: fc.string(),
  },
  { requiredKeys: [] },
);

describe('token responses, through the token endpoint', () => {
  let server: FaultServer;
  let answer: Fault = { kind: 'hang' };
  beforeAll(async () => {
    server = await startFaultServer(() => answer);
  });
  afterAll(() => server.close());

  it('gives a token set with the access token sent, or a typed error', async () => {
    const client = new OAuth2Client({
      tokenEndpoint: `${server.origin}/token`,
      clientId: 'app',
      clientSecret: 'secret',
      timeoutMs: 2000,
    });
    // 5xx and 429 are retried with backoff (the fault matrix covers them): kept out for speed.
    const status = fc.constantFrom(200, 200, 200, 201, 204, 400, 401, 403, 404);
    const validToken = fc.record(
      {
        access_token: fc.string({ minLength: 1 }),
        token_type: fc.constantFrom('Bearer', 'bearer'),
        expires_in: fc.oneof(fc.nat(), fc.string(), fc.double(), fc.constant(1e308)),
        refresh_token: fc.string({ minLength: 1 }),
        scope: fc.string(),
      },
      { requiredKeys: ['access_token', 'token_type'] },
    );
    const body = fc.oneof(
      validToken.map((value) => JSON.stringify(value)),
      wireToken.map((value) => JSON.stringify(value)),
      fc.json(),
      fc.string(),
      wireToken.map((value) => JSON.stringify(value).slice(0, -3)),
    );
    let accepted = 0;
    let refused = 0;
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/html',
      '',
    );
    await fc.assert(
      fc.asyncProperty(status, body, contentType, async (code, text, type) => {
        runs++;
        answer = {
          kind: 'answer',
          status: code,
          headers: type === '' ? {} : { 'content-type': type },
          body: code === 204 ? '' : text,
        };
        const tokens = await within(
          typedOrValue(() => client.clientCredentials()),
          3000,
        );
        if (tokens === undefined) {
          refused++;
          return;
        }
        accepted++;
        const sent = JSON.parse(text) as { access_token: unknown };
        expect(code).toBeLessThan(300);
        expect(tokens.accessToken).toBe(sent.access_token);
        expect(tokens.accessToken).not.toBe('');
        expect(tokens.expiresAt === null || Number.isFinite(tokens.expiresAt)).toBe(true);
      }),
      settings(200),
    );
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('the wire converter keeps the access token and gives a finite expiry or none', () => {
    fc.assert(
      fc.property(wireToken, (body) => {
        runs++;
        const tokens = tokenSetFromWire({ ...body, access_token: 'at' }, 1_000_000);
        expect(tokens.accessToken).toBe('at');
        expect(tokens.expiresAt === null || Number.isFinite(tokens.expiresAt)).toBe(true);
      }),
      settings(1000),
    );
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and nothing else as a wait', async () => {
    const { parseRetryAfter } = await import('../../src/shared/retry-after.js');
    const now = Date.UTC(2026, 11, 2, 12);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.nat({ max: 1e9 }).map(String),
          fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toUTCString()),
          fc.array(fc.string(), { maxLength: 3 }),
        ),
        (value) => {
          runs++;
          const wait = parseRetryAfter(value, now);
          if (wait === undefined) return;
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(Number.isNaN(wait)).toBe(false);
          const text = (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
          if (/^\d+$/.test(text)) expect(wait).toBe(Number(text) * 1000);
          else expect(wait).toBe(Math.max(0, Date.parse(text) - now));
        },
      ),
      settings(2000),
    );
  });
});

describe('Link', () => {
  it('never throws, and finds the rel="next" target among generated links', () => {
    const url = fc.webUrl().filter((u) => !/[<>,;"\s]/.test(u));
    fc.assert(
      fc.property(fc.string(), url, fc.string(), (noise, next, tail) => {
        runs++;
        expect(Array.isArray(parseLinkHeader(noise))).toBe(true);
        const clean = noise.replace(/[<>]/g, '');
        const header = `${clean ? `<${clean.replace(/[,;]/g, '')}>; rel="prev", ` : ''}<${next}>; rel="next"`;
        expect(findLink(header, 'next')).toBe(next);
        expect(Array.isArray(parseLinkHeader([noise, tail]))).toBe(true);
      }),
      settings(2000),
    );
  });
});

describe('continuation tokens', () => {
  it('follows a new non-empty string token, stops on anything else, never throws', () => {
    const strategy = continuationTokenPagination();
    const previous = { path: '/items', query: { continuationToken: 'same' } };
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (data, token) => {
        runs++;
        const response = (body: unknown) => ({ status: 200, headers: {}, data: body, url: 'http://x/items' });
        expect(strategy.next(response(data), previous) === null || typeof data === 'object').toBe(true);
        const page = { data: [1], pagination: { continuationToken: token } };
        const next = strategy.next(response(page), previous);
        if (typeof token === 'string' && token !== '' && token !== 'same') {
          expect(next?.query?.continuationToken).toBe(token);
        } else expect(next).toBeNull();
        expect(Array.isArray(strategy.items(response(data)))).toBe(true);
      }),
      settings(1500),
    );
  });
});

const storedTokens = fc.record({
  accessToken: fc.string({ minLength: 1 }),
  tokenType: fc.constantFrom('Bearer', 'DPoP'),
  expiresAt: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 8e15 })),
  refreshToken: fc.string({ minLength: 1 }),
  extra: fc.dictionary(
    fc.string().filter((k) => k !== '__proto__'),
    fc.jsonValue(),
  ),
}) as fc.Arbitrary<TokenSet>;

describe('Redis records', () => {
  it('round-trips a record, and refuses anything else with a TokenStoreError', () => {
    fc.assert(
      fc.property(
        storedTokens,
        fc.integer({ min: 1, max: 1e9 }),
        fc.oneof(fc.string(), fc.json()),
        (tokens, version, junk) => {
          runs++;
          const decoded = decodeRecord(encodeRecord(tokens, version, 5), 'k');
          expect(decoded.version).toBe(version);
          expect(decoded.tokens.accessToken).toBe(tokens.accessToken);
          expect(decoded.tokens.refreshToken).toBe(tokens.refreshToken);
          try {
            const value = decodeRecord(junk, 'k');
            expect(value.version).toBeGreaterThanOrEqual(1);
            expect(typeof value.tokens.accessToken).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(TokenStoreError);
          }
        },
      ),
      settings(1500),
    );
  });
});

describe('the token file', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'oauthkit-prop-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reads generated file contents as tokens, null, or a TokenStoreError', async () => {
    const path = join(directory, 'tokens.json');
    const store = new FileTokenStore(path);
    let read = 0;
    let refused = 0;
    const document = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({
          version: fc.oneof(fc.constant(1), fc.constant(1), fc.integer(), fc.string()),
          tokens: fc.dictionary(
            fc.constantFrom('default', 'other'),
            fc.oneof(
              fc.anything(),
              fc.record({
                version: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer(), fc.double()),
                updatedAt: fc.oneof(fc.integer({ min: 0, max: 2e12 }), fc.double()),
                tokens: fc.oneof(storedTokens, fc.anything()),
              }),
            ),
          ),
        })
        .map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(document, async (text) => {
        runs++;
        await writeFile(path, text, { mode: 0o600 });
        try {
          const stored = await within(store.get('default'), 2000);
          if (stored !== null) {
            read++;
            expect(typeof stored.tokens.accessToken).toBe('string');
            expect(Number.isSafeInteger(stored.version)).toBe(true);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(TokenStoreError);
          refused++;
        }
      }),
      settings(300),
    );
    // Both outcomes were reached: the generator is not all junk, nor all valid.
    expect(read).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe('callback query strings', () => {
  it('a generated callback ends the wait with its params or a typed error, or leaves it for the real one', async () => {
    const query = fc.oneof(
      fc.string(),
      fc
        .dictionary(fc.constantFrom('code', 'state', 'error', 'error_description', 'iss', 'x'), fc.string())
        .map((params) => new URLSearchParams(params).toString()),
    );
    await fc.assert(
      fc.asyncProperty(query, async (generated) => {
        runs++;
        const receiver = await LoopbackReceiver.listen('http://127.0.0.1:0/cb');
        try {
          const waiting = typedOrValue(() => receiver.waitForCallback({ state: 'st', timeoutMs: 2000 }));
          const target = `${receiver.redirectUri}?${generated.replace(/#/g, '%23')}`;
          const first = await within(
            fetch(target).then((response) => response.text()),
            2000,
          ).catch(() => '');
          expect(first).not.toContain('code=');
          await fetch(`${receiver.redirectUri}?code=real&state=st`).catch(() => undefined);
          const params = await within(waiting, 3000);
          if (params !== undefined) expect(params.get('state')).toBe('st');
        } finally {
          await receiver.close();
        }
      }),
      settings(150),
    );
  });
});
