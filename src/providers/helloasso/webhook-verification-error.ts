import { OAuthKitError } from '../../errors/oauthkit-error.js';

/** Why a HelloAsso notification was refused. */
export type WebhookRefusal =
  | 'missing-signature'
  | 'bad-signature'
  | 'ip-not-allowed'
  | 'not-json'
  | 'not-a-notification';

/**
 * A HelloAsso notification that `parseWebhook` refused; `reason` says why. Answer it with a 4xx:
 * it is not HelloAsso's (or it was changed on the way).
 */
export class WebhookVerificationError extends OAuthKitError {
  readonly reason: WebhookRefusal;

  constructor(reason: WebhookRefusal, message: string) {
    super(message, { retryable: false });
    this.reason = reason;
  }
}
