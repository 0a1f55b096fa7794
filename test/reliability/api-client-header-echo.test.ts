import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import type { RequestEvent, ResponseEvent } from '../../src/http/types.js';
import { caught, expectShownNowhere } from '../support/no-secrets.js';
import { type Handler, startServer, type TestServer } from '../support/test-server.js';

// `+`, `/` and `=` (all legal in a bearer token) change under URI-encoding, so both forms are checked.
const TOKEN = 'api-token+9f86d081/884c7d65=';
const FORMS = [TOKEN, encodeURIComponent(TOKEN)];

let server: TestServer | undefined;
let api: ApiClient | undefined;
afterEach(async () => {
  await api?.close();
  await server?.close();
  api = undefined;
  server = undefined;
});

/** Answers `status` with headers that repeat the bearer token the request carried, in several ways. */
function echoing(status: number, body = '{"error":"nope"}'): Handler {
  return (request, response) => {
    const token = String(request.headers.authorization).replace(/^Bearer /, '');
    response.setHeader('content-type', 'application/json');
    response.setHeader('x-echo-authorization', `Bearer ${token}`);
    response.setHeader(
      'www-authenticate',
      `Bearer error="invalid_token", error_description="${token} expired"`,
    );
    response.setHeader('x-seen-tokens', [token, 'other']);
    response.setHeader('content-location', `/me?access_token=${encodeURIComponent(token)}`);
    response.writeHead(status);
    response.end(body);
  };
}

async function clientOf(
  handler: Handler,
  hooks: { requests?: RequestEvent[]; responses?: ResponseEvent[] } = {},
) {
  server = await startServer(handler);
  api = new ApiClient({
    baseUrl: server.origin,
    auth: { accessToken: TOKEN },
    retry: { retries: 0 },
    headers: { 'x-debug-token': TOKEN },
    ...(hooks.requests ? { onRequest: (event: RequestEvent) => hooks.requests?.push(event) } : {}),
    ...(hooks.responses ? { onResponse: (event: ResponseEvent) => hooks.responses?.push(event) } : {}),
  });
  return api;
}

function expectEchoesBlanked(headers: Record<string, string | string[] | undefined>): void {
  expect(headers['x-echo-authorization']).toBe('Bearer [REDACTED]');
  expect(headers['www-authenticate']).toBe(
    'Bearer error="invalid_token", error_description="[REDACTED] expired"',
  );
  expect(headers['x-seen-tokens']).toEqual(['[REDACTED]', 'other']);
  expect(headers['content-location']).toBe('/me?access_token=[REDACTED]');
}

describe('ApiClient with an API that echoes the bearer token in response headers', () => {
  it('blanks the token out of every header value of the ApiError, its util.inspect and its JSON', async () => {
    const client = await clientOf(echoing(401));
    const error = (await caught(() => client.get('/me'))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expectEchoesBlanked(error.headers);
    expectShownNowhere(error, FORMS);
  });

  it('blanks the token out of the headers of the error for a 2xx body that is not JSON', async () => {
    const client = await clientOf(echoing(200, 'not json'));
    const error = (await caught(() => client.get('/me'))) as ApiError;
    expect(error.message).toContain('not valid JSON');
    expectEchoesBlanked(error.headers);
    expectShownNowhere(error, FORMS);
  });

  it('blanks the token out of the onResponse payload of a success and of a failure, and out of onRequest', async () => {
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const [ok, failing] = [echoing(200, '{}'), echoing(500)];
    const client = await clientOf(
      (request, response, index, raw) => (index === 0 ? ok : failing)(request, response, index, raw),
      { requests, responses },
    );
    const { headers } = await client.get('/me');
    await caught(() => client.get('/me'));
    expect(responses.map((event) => event.status)).toEqual([200, 500]);
    for (const event of responses) expectEchoesBlanked(event.headers);
    expect(requests.map((event) => event.headers['x-debug-token'])).toEqual(['[REDACTED]', '[REDACTED]']);
    expectShownNowhere([requests, responses], FORMS);
    // What the caller asked for is the caller's: a success's headers come back as they were sent.
    expect(headers['x-echo-authorization']).toBe(`Bearer ${TOKEN}`);
  });
});
