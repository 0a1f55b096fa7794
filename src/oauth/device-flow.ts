import * as oauth from 'oauth4webapi';
import { NetworkError } from '../errors/network-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
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
/** Longest wait between polls after transient failures (RFC 8628 §3.5 asks for exponential backoff). */
const MAX_POLL_BACKOFF_MS = 60_000;
/** Longest device-code lifetime believed; a larger `expires_in` is cut to this (24 h). */
const MAX_DEVICE_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * RFC 8628: asks for a device code, shows it, then polls the token endpoint at the server's
 * interval, slowing down by 5 s on `slow_down`, until approval, denial or expiry. A poll that
 * fails transiently (network error, time-out, 5xx, 429) does not end the login: polling goes on
 * for the code's lifetime, waiting twice as long after each failure in a row (at most 60 s, or
 * the server's `Retry-After`), and back to the interval once the server answers again.
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
  const expiresAt = Date.now() + Math.min(device.expires_in * 1000, MAX_DEVICE_CODE_LIFETIME_MS);
  await options.onPrompt({
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    verificationUriComplete: device.verification_uri_complete,
    expiresAt,
  });
  let intervalMs = (device.interval ?? 5) * 1000;
  let waitMs = intervalMs;
  let lastFailure: unknown;
  for (let failures = 0; ; ) {
    const remainingMs = expiresAt - Date.now();
    // After failures, a backoff longer than the code's life still leaves one last poll before it ends.
    const delayMs = failures > 0 ? Math.min(waitMs, remainingMs - 1) : waitMs;
    if (delayMs < 0 || delayMs > remainingMs) throw expired(lastFailure);
    await sleep(delayMs, options.signal);
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
      options.signal?.throwIfAborted();
      if (error instanceof OAuthError && error.error === 'slow_down') intervalMs += SLOW_DOWN_STEP_MS;
      else if (error instanceof OAuthError && error.error === 'authorization_pending') {
        // The server answered: the next poll comes after the interval again.
      } else if (isTransient(error)) {
        failures++;
        lastFailure = error;
        const backoffMs = Math.min(intervalMs * 2 ** failures, MAX_POLL_BACKOFF_MS);
        waitMs = Math.max(backoffMs, retryAfterOf(error));
        continue;
      } else throw error;
      failures = 0;
      lastFailure = undefined;
      waitMs = intervalMs;
    }
  }
}

/** A failure worth polling again after: no answer, or one the server says will pass. */
function isTransient(error: unknown): boolean {
  if (error instanceof OAuthError)
    return error.status !== undefined && (error.status >= 500 || error.status === 429);
  return error instanceof NetworkError || error instanceof TimeoutError;
}

function retryAfterOf(error: unknown): number {
  return error instanceof OAuthError ? Math.min(error.retryAfterMs ?? 0, MAX_POLL_BACKOFF_MS) : 0;
}

function expired(lastFailure: unknown): OAuthError {
  const reason = lastFailure instanceof Error ? ` (the last polls failed: ${lastFailure.message})` : '';
  return new OAuthError(
    `The device code expired before the person approved the login${reason}; start the device flow again.`,
    { error: 'expired_token' },
  );
}
