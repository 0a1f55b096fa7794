import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/misoca-openapi.js';

/** `misoca.estimates`: 見積書 (quotes). */
export function estimatesResource(bind: OperationBinder<paths>) {
  return {
    /** Lists estimates (`GET /estimates`): `type`, `contact_group_id`, `page`, `per_page`. */
    list: bind.paged('estimates.list', 'GET /estimates'),
    /** One estimate (`GET /estimate/{id}`); money and quantities are numbers. */
    get: bind.json('estimates.get', 'GET /estimate/{id}'),
    /** Creates an estimate (`POST /estimate`); `issue_date` and `contact_id` are required. Scope `write`. */
    create: bind.json('estimates.create', 'POST /estimate'),
    /** The estimate as a PDF: bytes, or a `Readable` with `{ responseType: 'stream' }`. */
    pdf: bind.binary('estimates.pdf', 'GET /estimate/{id}/pdf'),
    /** The logo image on the estimate; an empty `Uint8Array` when there is none (204). */
    logo: bind.binary('estimates.logo', 'GET /estimate/{id}/logo'),
    /** The seal (印影) image on the estimate; an empty `Uint8Array` when there is none (204). */
    stamp: bind.binary('estimates.stamp', 'GET /estimate/{id}/stamp'),
    /**
     * E-mails the estimate to its contact (`POST /estimate/{id}/distribute`); `body.mail_subject` is
     * required. This really sends mail. Scope `write`.
     */
    distribute: bind.json('estimates.distribute', 'POST /estimate/{id}/distribute'),
  };
}

/** The methods of `misoca.estimates`. */
export type MisocaEstimates = ReturnType<typeof estimatesResource>;
