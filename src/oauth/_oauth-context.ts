// The oauth4webapi side of a client: its client authentication and request options, built on the
// client's first request (loading oauth4webapi then, not when oauthkit is imported).
import * as oauth from 'oauth4webapi';
import { type FetchFunction, TransportFetch } from '../transport/transport-fetch.js';
import {
  basicCredentials,
  type ClientAuthChoice,
  type ClientSettings,
  type OAuthContext,
} from './_context.js';

function clientAuthFor(choice: ClientAuthChoice): oauth.ClientAuth {
  if (choice.method === 'none') return oauth.None();
  if (choice.method === 'client_secret_post') return oauth.ClientSecretPost(choice.secret);
  const { secret } = choice;
  return (_as, client, _body, headers) => {
    headers.set('authorization', `Basic ${basicCredentials(client.client_id, secret)}`);
  };
}

/** The full context of a client from its checked settings: one keep-alive transport of its own. */
export function createContext(settings: ClientSettings): OAuthContext {
  const { clientAuth, usesHttp, ...rest } = settings;
  return {
    ...rest,
    clientAuth: clientAuthFor(clientAuth),
    http: httpOptions(new TransportFetch(), usesHttp),
  };
}

/**
 * The oauth4webapi options that send its requests through `transport` (one keep-alive pool per
 * origin, the proxy from the environment) instead of the global `fetch`.
 */
export function httpOptions(transport: TransportFetch, allowInsecureHttp: boolean): OAuthContext['http'] {
  const fetch: FetchFunction = transport.fetch;
  return allowInsecureHttp
    ? { [oauth.customFetch]: fetch, [oauth.allowInsecureRequests]: true }
    : { [oauth.customFetch]: fetch };
}
