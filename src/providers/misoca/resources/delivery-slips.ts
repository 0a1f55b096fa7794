import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/misoca-openapi.js';

/** `misoca.deliverySlips`: 納品書. */
export function deliverySlipsResource(bind: OperationBinder<paths>) {
  return {
    /** Lists delivery slips (`GET /delivery_slips`): `type`, `contact_group_id`, `page`, `per_page`. */
    list: bind.paged('deliverySlips.list', 'GET /delivery_slips'),
    /** One delivery slip (`GET /delivery_slip/{id}`); money and quantities are numbers. */
    get: bind.json('deliverySlips.get', 'GET /delivery_slip/{id}'),
    /**
     * Creates a delivery slip (`POST /delivery_slip`); `issue_date` and `contact_id` are required.
     * `body.tax_option` may also be `NONENTRY` (tax computed when invoicing). Scope `write`.
     */
    create: bind.json('deliverySlips.create', 'POST /delivery_slip'),
    /** The delivery slip as a PDF: bytes, or a `Readable` with `{ responseType: 'stream' }`. */
    pdf: bind.binary('deliverySlips.pdf', 'GET /delivery_slip/{id}/pdf'),
  };
}

/** The methods of `misoca.deliverySlips`. */
export type MisocaDeliverySlips = ReturnType<typeof deliverySlipsResource>;
