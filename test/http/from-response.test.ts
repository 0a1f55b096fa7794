import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { defaultErrorMessages, errorFromResponse, parseErrorBody } from '../../src/errors/from-response.js';
import { RateLimitError } from '../../src/errors/rate-limit-error.js';

const base = { method: 'GET', url: 'https://api.example.com/v3/contacts', headers: {} };

describe('errorFromResponse', () => {
  it('builds a one-line ApiError with the first message', () => {
    const error = errorFromResponse({
      ...base,
      status: 404,
      headers: { 'content-type': 'application/json', 'set-cookie': ['sid=abc'] },
      bodyText: '{"message":"Contact\\nnot found","code":12}',
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(RateLimitError);
    expect(error.message).toBe(
      'GET https://api.example.com/v3/contacts failed with 404 Not Found: Contact not found',
    );
    expect(error.status).toBe(404);
    expect(error.body).toEqual({ message: 'Contact\nnot found', code: 12 });
    expect(error.headers['set-cookie']).toBe('[REDACTED]');
    expect(error.retryable).toBe(false);
  });

  it('builds a RateLimitError for 429 with retryAfterMs', () => {
    const error = errorFromResponse({ ...base, status: 429, bodyText: '', retryAfterMs: 2000 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^GET \S+ failed with 429 Too Many Requests; slow down/);
  });

  it('uses the provider hook, and falls back when the hook throws', () => {
    const hooked = errorFromResponse({
      ...base,
      status: 422,
      bodyText: '{"problems":[{"text":"name is required"}]}',
      errorMessages: (body) => (body as { problems: { text: string }[] }).problems.map((p) => p.text),
    });
    expect(hooked.messages).toEqual(['name is required']);
    const broken = errorFromResponse({
      ...base,
      status: 400,
      bodyText: '{"message":"bad"}',
      errorMessages: () => {
        throw new Error('hook bug');
      },
    });
    expect(broken.messages).toEqual(['bad']);
  });

  it('blanks out secrets echoed by the server', () => {
    const error = errorFromResponse({
      ...base,
      status: 401,
      bodyText: '{"error":"invalid_token","error_description":"token tok-SECRET-123 expired"}',
      secrets: ['tok-SECRET-123'],
    });
    const everything = [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      JSON.stringify(error.body),
    ];
    for (const text of everything) expect(text).not.toContain('tok-SECRET-123');
    expect(error.messages).toEqual(['token [REDACTED] expired', 'invalid_token']);
  });
});

describe('defaultErrorMessages', () => {
  it('reads common shapes', () => {
    expect(defaultErrorMessages({ error: 'invalid_request', error_description: 'bad scope' })).toEqual([
      'bad scope',
      'invalid_request',
    ]);
    expect(defaultErrorMessages({ errors: [{ message: 'a' }, 'b', { code: 1 }] })).toEqual(['a', 'b']);
    expect(defaultErrorMessages({ reasons: ['請求書が見つかりません'] })).toEqual(['請求書が見つかりません']);
    expect(defaultErrorMessages('Service Unavailable')).toEqual(['Service Unavailable']);
    expect(defaultErrorMessages('x'.repeat(1000))).toEqual([]);
    expect(defaultErrorMessages(null)).toEqual([]);
  });

  it('parses JSON bodies and keeps other text', () => {
    expect(parseErrorBody('')).toBeNull();
    expect(parseErrorBody(' {"a":1}')).toEqual({ a: 1 });
    expect(parseErrorBody('{broken')).toBe('{broken');
    expect(parseErrorBody('<html>oops</html>')).toBe('<html>oops</html>');
  });
});
