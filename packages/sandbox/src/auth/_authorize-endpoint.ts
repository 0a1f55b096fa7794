import type { IncomingMessage, ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import { escapeHtml, sendHtml, sendRedirect } from '../http-messages.js';
import { renderConsentPage } from './_consent-page.js';
import { isCrossSitePost, issueConsentToken, isValidConsentToken } from './_consent-token.js';
import { type AuthEndpointContext, flatHeaders } from './_endpoint-context.js';
import { isAllowedRedirectUri } from './_model.js';

/** What the authorization endpoint uses of the authorization server. */
export type AuthorizeEndpointServer = Pick<
  AuthEndpointContext,
  | 'profile'
  | 'client'
  | 'user'
  | 'autoApprove'
  | 'organizationSlug'
  | 'model'
  | 'oauth'
  | 'userSubject'
  | 'consentKey'
>;

function errorPage(response: ServerResponse, status: number, message: string): void {
  sendHtml(
    response,
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization error</title></head>` +
      `<body><h1>Authorization error</h1><p id="error">${escapeHtml(message)}</p></body></html>`,
  );
}

/** Redirects back to the client with an RFC 6749 §4.1.2.1 error (and the state, unchanged). */
function redirectError(
  response: ServerResponse,
  redirectUri: string,
  params: Record<string, string>,
  error: string,
  description: string,
): void {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  target.searchParams.set('error_description', description);
  if (params.state) target.searchParams.set('state', params.state);
  sendRedirect(response, target.href);
}

/**
 * Authorization endpoint: validates the request, shows the login + consent page (or approves
 * at once with `autoApprove`), and on approval lets the library issue the code.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 */
export async function handleAuthorize(
  server: AuthorizeEndpointServer,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  form: Record<string, string> | null,
): Promise<void> {
  const params: Record<string, string> = { ...Object.fromEntries(url.searchParams), ...(form ?? {}) };
  // HelloAsso's documented authorize request has no response_type; the code flow is implied.
  if (server.profile.name === 'helloasso' && !params.response_type) params.response_type = 'code';

  // Bad client or redirect URI: never redirect (RFC 6749 §4.1.2.1), tell the user instead.
  if (params.client_id !== server.client.clientId) {
    errorPage(response, 400, 'Unknown or missing client_id: use the client id the sandbox printed at start.');
    return;
  }
  const redirectUri = params.redirect_uri;
  if (!redirectUri || !isAllowedRedirectUri(redirectUri, server.client.redirectUris)) {
    errorPage(response, 400, 'Missing or unregistered redirect_uri: use a loopback URI or a registered one.');
    return;
  }
  if (!params.code_challenge || params.code_challenge_method !== 'S256') {
    redirectError(
      response,
      redirectUri,
      params,
      'invalid_request',
      'PKCE is required: send code_challenge with code_challenge_method=S256.',
    );
    return;
  }

  const scopes = params.scope ? params.scope.split(/\s+/).filter(Boolean) : [...server.profile.defaultScopes];
  const needsLogin = server.profile.name === 'misoca';
  // A decision counts only from this server's own consent page (CSRF): its token, not another site's post.
  if (request.method === 'POST' && params.decision !== undefined && !server.autoApprove) {
    const ownOrigin = `http://${request.headers.host ?? ''}`;
    if (
      isCrossSitePost(request.headers, ownOrigin) ||
      !isValidConsentToken(server.consentKey, params, params.consent_token)
    ) {
      errorPage(
        response,
        403,
        'This decision did not come from the consent page the sandbox showed (or the page is over 10 minutes old): ' +
          'open the authorization URL again.',
      );
      return;
    }
  }
  if (request.method === 'POST' && params.decision === 'deny') {
    redirectError(response, redirectUri, params, 'access_denied', 'The user denied the request.');
    return;
  }
  const approved = server.autoApprove || (request.method === 'POST' && params.decision === 'approve');
  const loginFailed =
    approved &&
    !server.autoApprove &&
    needsLogin &&
    !(await server.model.getUser(params.username ?? '', params.password ?? '', {
      id: params.client_id,
      grants: [],
    }));
  if (!approved || loginFailed) {
    sendHtml(
      response,
      loginFailed ? 401 : 200,
      renderConsentPage({
        providerTitle: server.profile.title,
        clientId: params.client_id,
        action: url.pathname,
        params,
        consentToken: issueConsentToken(server.consentKey, params),
        scopes: server.profile.scopes === null ? [] : scopes,
        login: needsLogin ? { usernameHint: server.user.username } : null,
        ...(server.organizationSlug ? { organizationSlug: server.organizationSlug } : {}),
        ...(loginFailed ? { error: 'Wrong email or password.' } : {}),
      }),
    );
    return;
  }

  const subject = server.userSubject();
  const oauthRequest = new OAuth2Server.Request({
    method: 'GET',
    headers: flatHeaders(request.headers),
    query: params,
    body: {},
  });
  const oauthResponse = new OAuth2Server.Response();
  try {
    await server.oauth.authorize(oauthRequest, oauthResponse, {
      authenticateHandler: { handle: () => subject },
    });
  } catch {
    // The library has put an error redirect on the response when it could; handled below.
  }
  const location = oauthResponse.get('location') as string | undefined;
  if (location) sendRedirect(response, location);
  else errorPage(response, 400, 'The authorization request is invalid.');
}
