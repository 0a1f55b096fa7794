import type * as oauth from 'oauth4webapi';
import type { TokenSet } from '../tokens/token-set.js';
import type { OAuthContext } from './_context.js';
import { runTokenCall } from './_token-request.js';
import { checkTokenResponse } from './_token-response-check.js';
import { tokenSetFromWire } from './_token-set-from-wire.js';

type Validate = (
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  response: Response,
) => Promise<oauth.TokenEndpointResponse>;

/** One grant at the token endpoint: how to send it and which oauth4webapi check applies. */
export interface TokenGrantSpec {
  grant: string;
  retry: boolean;
  signal?: AbortSignal | undefined;
  send: (requestOptions: oauth.TokenEndpointRequestOptions) => Promise<Response>;
  validate: Validate;
  /** What this request sends that is secret (refresh token, code, password, ...), besides the client's. */
  secrets?: readonly string[];
}

/**
 * Sends a token request through oauth4webapi and returns the {@link TokenSet}: time limit,
 * retries, error mapping and the wire-to-public conversion all happen here. Every secret the
 * request sends is blanked out of the errors built from the answer, in case the server echoes it.
 */
export function requestTokens(context: OAuthContext, spec: TokenGrantSpec): Promise<TokenSet> {
  const endpoint = context.as.token_endpoint ?? '';
  const secrets = [...context.secrets, ...(spec.secrets ?? [])];
  const call = {
    grant: spec.grant,
    endpoint,
    timeoutMs: context.timeoutMs,
    retry: spec.retry,
    signal: spec.signal,
    onTokenRequest: context.onTokenRequest,
    secrets,
  };
  return runTokenCall(call, async (signal) => {
    const response = await spec.send({ ...context.http, signal });
    const checked = await checkTokenResponse(response, endpoint, secrets);
    await spec.validate(context.as, context.client, checked.response);
    return tokenSetFromWire(checked.body);
  });
}

/** `scopes` joined for the `scope` parameter, or the client's default scopes. */
export function scopeParam(context: OAuthContext, scopes: string[] | undefined): Record<string, string> {
  const chosen = scopes ?? context.scopes;
  return chosen.length > 0 ? { scope: chosen.join(' ') } : {};
}
