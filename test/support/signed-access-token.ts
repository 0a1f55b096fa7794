import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Access tokens that any process holding the key can check without asking the token server,
// so that API load never slows the token endpoint down: `<expires-at-ms>.<random>.<hmac>`.

/** A new access token valid until `expiresAtMs`. */
export function signAccessToken(key: string, expiresAtMs: number): string {
  const body = `${expiresAtMs}.${randomBytes(12).toString('hex')}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('hex')}`;
}

/** `valid`; `late` when signed with `key` but expired at `now`; `invalid` when not signed with `key`. */
export function checkAccessToken(key: string, token: string, now = Date.now()): 'valid' | 'late' | 'invalid' {
  const parts = token.split('.');
  if (parts.length !== 3) return 'invalid';
  const [expiresAt, random, mac] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${expiresAt}.${random}`).digest();
  const given = Buffer.from(mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return Number(expiresAt) > now ? 'valid' : 'late';
}

/** Whether `token` was signed with `key` and has not expired at `now`. */
export function verifyAccessToken(key: string, token: string, now = Date.now()): boolean {
  return checkAccessToken(key, token, now) === 'valid';
}

/**
 * A protected resource (`GET /resource`) that accepts tokens signed with `key` until they
 * expire, plus `leewayMs` — the clock leeway JWT validators allow, here so that a request
 * delayed by a starved CPU is not counted as a token failure. `late` counts those uses.
 */
export async function startResourceServer(
  key: string,
  leewayMs = 0,
): Promise<{ url: string; counts: { ok: number; late: number; refused: number }; server: Server }> {
  const counts = { ok: 0, late: 0, refused: 0 };
  const server = createServer((req, res) => {
    req.resume();
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const verdict = bearer === undefined ? 'invalid' : checkAccessToken(key, bearer);
    const late =
      verdict === 'late' &&
      bearer !== undefined &&
      checkAccessToken(key, bearer, Date.now() - leewayMs) === 'valid';
    if (req.url !== '/resource' || (verdict !== 'valid' && !late)) {
      counts.refused++;
      res.writeHead(401, {
        'www-authenticate': 'Bearer error="invalid_token"',
        'content-type': 'application/json',
      });
      res.end('{"error":"invalid_token"}');
      return;
    }
    counts.ok++;
    if (late) counts.late++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/resource`, counts, server };
}
