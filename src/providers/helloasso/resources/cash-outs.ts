import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.cashOuts`: the transfers HelloAsso makes to the organization's bank account. */
export function cashOutsResource(bind: OperationBinder<paths>) {
  return {
    /**
     * The export of one cash-out (`GET /organizations/{organizationSlug}/cash-out/{cashOutId}/export`):
     * bytes, or a `Readable` with `{ responseType: 'stream' }`.
     */
    export: bind.binary(
      'cashOuts.export',
      'GET /organizations/{organizationSlug}/cash-out/{cashOutId}/export',
    ),
  };
}

/** The methods of `helloasso.cashOuts`. */
export type HelloAssoCashOuts = ReturnType<typeof cashOutsResource>;
