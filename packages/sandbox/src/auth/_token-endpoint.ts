import type { IncomingMessage, ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import { sendJson } from '../http-messages.js';
import { type AuthEndpointContext, flatHeaders } from './_endpoint-context.js';
import type { GrantSubject } from './profiles.js';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** What the token endpoint uses of the authorization server. */
export type TokenEndpointServer = Pick<
  AuthEndpointContext,
  'profile' | 'oauth' | 'accessTokenTtlSeconds' | 'countTokenRequest'
>;

/** True when the request authenticates the client with a secret (HTTP Basic or form body). */
export function hasClientSecret(request: IncomingMessage, form: Record<string, string>): boolean {
  return /^basic /i.test(request.headers.authorization ?? '') || Boolean(form.client_secret);
}

/**
 * Token endpoint (RFC 6749 §3.2): the library runs the grant; the answer is then shaped
 * like the provider's (field names, `token_type` case, extra fields).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 */
export async function handleToken(
  server: TokenEndpointServer,
  request: IncomingMessage,
  response: ServerResponse,
  form: Record<string, string>,
): Promise<void> {
  const grantType = form.grant_type ?? '';
  server.countTokenRequest(grantType || '(none)');
  // The library lets any PKCE request skip the client secret; both providers register
  // confidential clients, so only the grants the provider documents may omit it.
  const secretOptional = server.profile.grantsWithoutClientSecret.includes(grantType);
  if (server.profile.grants.includes(grantType) && !secretOptional && !hasClientSecret(request, form)) {
    sendJson(
      response,
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed: send the client secret.' },
      { ...NO_STORE, 'www-authenticate': 'Basic realm="sandbox"' },
    );
    return;
  }
  const oauthRequest = new OAuth2Server.Request({
    method: request.method ?? 'POST',
    headers: flatHeaders(request.headers),
    query: {},
    body: form,
  });
  const oauthResponse = new OAuth2Server.Response();
  try {
    const token = await server.oauth.token(oauthRequest, oauthResponse);
    const body = server.profile.shapeTokenResponse(oauthResponse.body as Record<string, unknown>, {
      grantType,
      subject: token.user as GrantSubject,
      accessTokenTtlSeconds: server.accessTokenTtlSeconds,
      nowMs: Date.now(),
    });
    sendJson(response, 200, body, NO_STORE);
  } catch (error) {
    const status = oauthResponse.status && oauthResponse.status >= 400 ? oauthResponse.status : 500;
    const body =
      status === 500 && !(error instanceof OAuth2Server.OAuthError)
        ? { error: 'server_error', error_description: 'The sandbox failed to issue a token.' }
        : oauthResponse.body;
    const headers: Record<string, string> = { ...NO_STORE };
    const challenge = oauthResponse.get('www-authenticate') as string | undefined;
    if (challenge) headers['www-authenticate'] = challenge;
    sendJson(response, status, body, headers);
  }
}
