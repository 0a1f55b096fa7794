import { createHash, randomBytes } from 'node:crypto';
import type { ProviderApi } from '../../src/provider-api.js';

/** A stand-in API emulation that echoes who called it: 401 without a valid bearer token. */
export function echoApi(): ProviderApi & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    async handle(request) {
      seen.push(`${request.method} ${request.path}`);
      if (!request.caller) return { status: 401, json: { error: 'unauthorized' } };
      return {
        status: 200,
        json: { caller: request.caller, path: request.path, body: request.body ?? null },
      };
    },
  };
}

/** Echo APIs for both providers, as `startSandbox({ apis })` takes them. */
export function echoApis() {
  return { misoca: echoApi(), helloasso: echoApi() };
}

/** An RFC 7636 verifier and its S256 challenge. */
export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** POSTs a form; `basic` sends client credentials in the Authorization header. */
export async function postForm(
  url: string,
  form: Record<string, string>,
  basic?: { id: string; secret: string },
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...extraHeaders,
  };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}`;
  return fetch(url, { method: 'POST', headers, body: new URLSearchParams(form), redirect: 'manual' });
}

/** The `consent_token` of the consent page shown for `params` (what a person's browser posts back). */
export async function consentTokenFor(authorizeUrl: string, params: Record<string, string>): Promise<string> {
  const page = await get(`${authorizeUrl}?${new URLSearchParams(params)}`);
  const token = /name="consent_token" value="([^"]+)"/.exec(await page.text())?.[1];
  if (token === undefined) throw new Error(`the consent page (${page.status}) has no consent_token`);
  return token;
}

/** GET with an optional bearer token, never following redirects. */
export function get(url: string, accessToken?: string): Promise<Response> {
  return fetch(url, {
    redirect: 'manual',
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });
}

/** Query parameters of a redirect's Location. */
export function redirectParams(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location) throw new Error(`Expected a redirect, got ${response.status}`);
  return new URL(location).searchParams;
}
