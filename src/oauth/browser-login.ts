import * as oauth from 'oauth4webapi';
import { AuthorizationCallbackError } from '../errors/authorization-callback-error.js';
import type { TokenSet } from '../tokens/token-set.js';
import { LoopbackReceiver } from './_callback-server.js';
import type { OAuthContext } from './_context.js';
import type { AuthorizationRequest, AuthorizationUrlOptions } from './authorization-request.js';

/** Options of {@link OAuth2Client.authorizeInBrowser}. */
export interface AuthorizeInBrowserOptions {
  /**
   * Where the provider sends the browser back. Default `http://127.0.0.1:0/callback` (any free
   * port); give the registered one (e.g. `http://localhost:8080/callback`) when the provider
   * insists on an exact match — its port and path are then used.
   */
  redirectUri?: string;
  /** Open the system browser. Default true. */
  open?: boolean;
  /** Gets the authorization URL (to print it, or to drive a browser in tests). */
  onUrl?: (url: string) => void | Promise<void>;
  /** How long to wait for the person. Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  scopes?: string[];
  params?: Record<string, string>;
}

/** The parts of the client the browser login uses. */
interface CodeClient {
  authorizationUrl(options: AuthorizationUrlOptions): Promise<AuthorizationRequest>;
  exchangeCode(options: {
    code: string;
    redirectUri: string;
    codeVerifier: string;
    signal?: AbortSignal;
  }): Promise<TokenSet>;
}

/**
 * Loopback browser login: listen on 127.0.0.1, send the person to the authorization URL, wait
 * for one valid callback, close the server, then exchange the code with its PKCE verifier.
 * @see https://www.rfc-editor.org/rfc/rfc8252
 */
export async function authorizeInBrowser(
  client: CodeClient,
  context: OAuthContext,
  options: AuthorizeInBrowserOptions,
): Promise<TokenSet> {
  const receiver = await LoopbackReceiver.listen(options.redirectUri ?? 'http://127.0.0.1:0/callback');
  let callback: URLSearchParams;
  let request: AuthorizationRequest;
  // Ends the wait (and its timer) when anything below fails before a callback arrives.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  try {
    const urlOptions: AuthorizationUrlOptions = { redirectUri: receiver.redirectUri };
    if (options.scopes) urlOptions.scopes = options.scopes;
    if (options.params) urlOptions.params = options.params;
    request = await client.authorizationUrl(urlOptions);
    const waiting = receiver.waitForCallback({
      state: request.state,
      timeoutMs: options.timeoutMs ?? 300_000,
      signal,
    });
    waiting.catch(() => undefined);
    await options.onUrl?.(request.url);
    if (options.open !== false) await openBrowser(request.url, options.onUrl !== undefined);
    callback = await waiting;
  } finally {
    stop.abort();
    await receiver.close();
  }
  checkIssuer(context, callback);
  const exchange = {
    code: callback.get('code') ?? '',
    redirectUri: receiver.redirectUri,
    codeVerifier: request.codeVerifier,
  };
  return client.exchangeCode(options.signal ? { ...exchange, signal: options.signal } : exchange);
}

async function openBrowser(url: string, urlShownElsewhere: boolean): Promise<void> {
  try {
    const { default: open } = await import('open');
    await open(url);
  } catch (error) {
    // With onUrl the person can still follow the link by hand, so keep waiting.
    if (!urlShownElsewhere) throw error;
  }
}

// RFC 9207: when the issuer is known, a callback naming another issuer is a mix-up attack.
function checkIssuer(context: OAuthContext, callback: URLSearchParams): void {
  if (!context.issuerKnown) return;
  try {
    oauth.validateAuthResponse(context.as, context.client, callback, oauth.skipStateCheck);
  } catch (error) {
    throw new AuthorizationCallbackError(
      `The login callback did not come from ${context.as.issuer}; check the issuer setting and try again.`,
      { error: 'invalid_issuer', cause: error instanceof Error ? error.message : undefined },
    );
  }
}
