import * as oauth from 'oauth4webapi';
import { OAuthError } from '../errors/oauth-error.js';
import { sleep } from '../shared/sleep.js';
import type { TokenSet } from '../tokens/token-set.js';
import { type OAuthContext, requireEndpoint } from './_context.js';
import { requestTokens, scopeParam } from './_token-grant.js';
import { runTokenCall } from './_token-request.js';

/** What to show the person during a device login. */
export interface DevicePrompt {
  userCode: string;
  verificationUri: string;
  /** The URI with the code already in it, when the server gives one (for a QR code or a link). */
  verificationUriComplete: string | undefined;
  /** When the code stops working, in epoch milliseconds. */
  expiresAt: number;
}

/** Options of {@link OAuth2Client.deviceFlow}. */
export interface DeviceFlowOptions {
  /** Shows the code to the person; polling starts once it returns. */
  onPrompt: (prompt: DevicePrompt) => void | Promise<void>;
  scopes?: string[];
  /** Stops polling (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

const SLOW_DOWN_STEP_MS = 5_000;

/**
 * RFC 8628: asks for a device code, shows it, then polls the token endpoint at the server's
 * interval, slowing down by 5 s on `slow_down`, until approval, denial or expiry.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function runDeviceFlow(context: OAuthContext, options: DeviceFlowOptions): Promise<TokenSet> {
  const endpoint = requireEndpoint(context, 'device_authorization_endpoint', 'deviceAuthorizationEndpoint');
  const { as, client, clientAuth, http } = context;
  const call = {
    grant: 'device_authorization',
    endpoint,
    timeoutMs: context.timeoutMs,
    retry: true,
    signal: options.signal,
    onTokenRequest: context.onTokenRequest,
    secrets: context.secrets,
  };
  const device = await runTokenCall(call, async (signal) => {
    const params = scopeParam(context, options.scopes);
    const response = await oauth.deviceAuthorizationRequest(as, client, clientAuth, params, {
      ...http,
      signal,
    });
    return oauth.processDeviceAuthorizationResponse(as, client, response);
  });
  const expiresAt = Date.now() + device.expires_in * 1000;
  await options.onPrompt({
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    verificationUriComplete: device.verification_uri_complete,
    expiresAt,
  });
  let intervalMs = (device.interval ?? 5) * 1000;
  for (;;) {
    if (Date.now() + intervalMs > expiresAt) throw expired();
    await sleep(intervalMs, options.signal);
    try {
      return await requestTokens(context, {
        grant: 'urn:ietf:params:oauth:grant-type:device_code',
        retry: false,
        signal: options.signal,
        secrets: [device.device_code],
        send: (request) => oauth.deviceCodeGrantRequest(as, client, clientAuth, device.device_code, request),
        validate: oauth.processDeviceCodeResponse,
      });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.error === 'slow_down') intervalMs += SLOW_DOWN_STEP_MS;
      else if (error.error !== 'authorization_pending') throw error;
    }
  }
}

function expired(): OAuthError {
  return new OAuthError(
    'The device code expired before the person approved the login; start the device flow again.',
    {
      error: 'expired_token',
    },
  );
}
