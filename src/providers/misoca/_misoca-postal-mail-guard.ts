import { ConfigurationError } from '../../errors/configuration-error.js';
import type { OperationInfo } from '../sdk/operation-types.js';

/** SDK methods that cost money or cannot be undone: refused unless the call says `confirm: true`. */
const CONFIRM_REQUIRED = new Set(['invoices.sendByPostalMail']);

// The refusal is a ConfigurationError (a mistake in the calling code, not a failure of Misoca),
// thrown before the request is built, so no request reaches the API and nothing is charged.

/**
 * Refuses a costly call without `confirm: true`, before any request is sent. Misoca's postal
 * mailing (郵送) is charged and cannot be cancelled once ordered.
 * @see https://doc.misoca.jp/v3/
 */
export function guardCostlyCalls(params: Record<string, unknown>, info: OperationInfo): void {
  if (!CONFIRM_REQUIRED.has(info.name) || params.confirm === true) return;
  throw new ConfigurationError(
    `${info.name} orders a paid postal mailing that cannot be undone; pass confirm: true to send it (nothing was sent).`,
  );
}
