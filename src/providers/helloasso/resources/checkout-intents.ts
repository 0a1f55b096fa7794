import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.checkoutIntents`: HelloAsso Checkout, a payment page for an amount your site sets. */
export function checkoutIntentsResource(bind: OperationBinder<paths>) {
  return {
    /** Starts a checkout (`POST /organizations/{organizationSlug}/checkout-intents`): send the payer to its `redirectUrl`. */
    create: bind.json('checkoutIntents.create', 'POST /organizations/{organizationSlug}/checkout-intents'),
    /** One checkout, with its order once paid (`GET …/checkout-intents/{checkoutIntentId}`). */
    get: bind.json(
      'checkoutIntents.get',
      'GET /organizations/{organizationSlug}/checkout-intents/{checkoutIntentId}',
    ),
  };
}

/** The methods of `helloasso.checkoutIntents`. */
export type HelloAssoCheckoutIntents = ReturnType<typeof checkoutIntentsResource>;
