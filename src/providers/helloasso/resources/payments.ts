import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';
import { withMfaCodes } from '../helloasso-mfa.js';
import { dated } from '../helloasso-query-dates.js';

/** `helloasso.payments`: the payments of orders (one per instalment), and their refunds. */
export function paymentsResource(bind: OperationBinder<paths>) {
  return {
    /** Lists the organization's payments (`GET /organizations/{organizationSlug}/payments`); paged, `from`/`to` take a `Date`. */
    list: dated(bind.paged('payments.list', 'GET /organizations/{organizationSlug}/payments')),
    /** Lists one form's payments (`GET …/forms/{formType}/{formSlug}/payments`); paged, `from`/`to` take a `Date`. */
    listByForm: dated(
      bind.paged(
        'payments.listByForm',
        'GET /organizations/{organizationSlug}/forms/{formType}/{formSlug}/payments',
      ),
    ),
    /** One payment (`GET /payments/{paymentId}`). */
    get: bind.json('payments.get', 'GET /payments/{paymentId}'),
    /**
     * Refunds a payment (`POST /payments/{paymentId}/refund`). HelloAsso may first ask for a
     * multi-factor proof: the 409 rejects with its `code` set (see `mfaCode`), and the proof goes in
     * the header parameter it names, by its spec name (`x-mfa-access-authorization`, ...).
     *
     * @example
     * ```ts
     * await helloasso.payments.refund({ paymentId, 'x-mfa-access-authorization': code });
     * ```
     */
    refund: withMfaCodes(
      bind.json('payments.refund', 'POST /payments/{paymentId}/refund', {
        headerParams: [
          'x-mfa-access-authorization',
          'x-mfa-sms-access-authorization',
          'x-mfa-password-authorization',
        ],
      }),
    ),
  };
}

/** The methods of `helloasso.payments`. */
export type HelloAssoPayments = ReturnType<typeof paymentsResource>;
