import type { IncomingMessage, ServerResponse } from 'node:http';
import { send, sendJson } from '../http-messages.js';
import type { AuthEndpointContext } from './_endpoint-context.js';

/** What revocation and disconnect use of the authorization server. */
export type RevocationServer = Pick<AuthEndpointContext, 'model' | 'store' | 'authenticate'>;

function clientCredentials(request: IncomingMessage, form: Record<string, string>) {
  const basic = /^basic (.+)$/i.exec(request.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    // RFC 6749 §2.3.1: both parts are form-urlencoded inside the Basic credentials.
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  }
  if (form.client_id && form.client_secret)
    return { clientId: form.client_id, clientSecret: form.client_secret };
  return null;
}

/**
 * Token revocation (RFC 7009): revokes the whole grant the token belongs to (its access and
 * refresh tokens). Unknown tokens still get 200, as §2.2 requires.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export async function handleRevoke(
  server: RevocationServer,
  request: IncomingMessage,
  response: ServerResponse,
  form: Record<string, string>,
): Promise<void> {
  const credentials = clientCredentials(request, form);
  const client = credentials
    ? await server.model.getClient(credentials.clientId, credentials.clientSecret)
    : false;
  if (!client) {
    sendJson(
      response,
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed: send the client secret.' },
      { 'www-authenticate': 'Basic realm="sandbox"' },
    );
    return;
  }
  if (!form.token) {
    sendJson(response, 400, { error: 'invalid_request', error_description: 'Missing parameter: `token`.' });
    return;
  }
  const hint = form.token_type_hint;
  const found =
    hint === 'refresh_token'
      ? (server.store.findRefreshToken(form.token) ?? server.store.findAccessToken(form.token))
      : (server.store.findAccessToken(form.token) ?? server.store.findRefreshToken(form.token));
  // A client may only revoke its own tokens (§2.1); others are ignored silently.
  if (found && found.user.clientId === client.id) server.store.revokeGrant(found.user.grantId);
  sendJson(response, 200, {});
}

/**
 * HelloAsso `GET /oauth2/disconnect` with the bearer token: revokes the caller's tokens.
 * @see docs/providers/helloasso.md#disconnect
 */
export async function handleDisconnect(
  server: RevocationServer,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const token = await server.authenticate(request.headers);
  if (!token) {
    sendJson(
      response,
      401,
      {
        error: 'invalid_token',
        error_description: 'Send a valid access token as `Authorization: Bearer …`.',
      },
      { 'www-authenticate': 'Bearer realm="sandbox", error="invalid_token"' },
    );
    return;
  }
  server.store.revokeGrant((token.user as { grantId: string }).grantId);
  send(response, 200, '', {});
}
