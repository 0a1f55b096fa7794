import type { OperationBinder } from '../../sdk/operation-binder.js';
import type {
  JsonOperationMethod,
  OperationAt,
  OperationParams,
  OperationResult,
  PagedOperationMethod,
  WithDateParams,
} from '../../sdk/operation-types.js';
import type { paths } from '../generated/misoca-openapi.js';

type ListOperation = OperationAt<paths, 'GET /invoices'>;
type DateNames = 'from' | 'to' | 'due_date_from' | 'due_date_to' | 'updated_at_from' | 'updated_at_to';
type PostalMailOperation = OperationAt<paths, 'POST /invoice/{id}/send_by_postal_mail'>;

/** Parameters of `invoices.list`: the spec's filters; the date filters also take a `Date`. */
export type InvoiceListParams = WithDateParams<OperationParams<ListOperation>, DateNames>;

/** Parameters of `invoices.sendByPostalMail`: the invoice `id` and `confirm: true` (never sent). */
export type PostalMailParams = OperationParams<PostalMailOperation> & { confirm: true };

/** `misoca.invoices`: 請求書. */
export function invoicesResource(bind: OperationBinder<paths>) {
  return {
    /**
     * Lists invoices (`GET /invoices`), newest first, one page of up to `per_page` (1–100).
     *
     * **Archived invoices are hidden by default.** Without `type`, Misoca returns only 未処理
     * (`active`) invoices: one that is both submitted and paid moves to 処理済 (`archived`) and
     * disappears from this list. Pass `type: 'untrashed'` for everything outside the trash,
     * `'archived'` for the archived ones only, or `'trashed'`.
     *
     * Date filters (`from`, `to`, `due_date_*`, `updated_at_*`) take a `Date` (its day in Japan)
     * or `YYYY-MM-DD`.
     *
     * @example
     * ```ts
     * const all = await misoca.paginate(misoca.invoices.list, { type: 'untrashed', from: new Date('2026-01-01') }).toArray();
     * ```
     */
    list: bind.paged('invoices.list', 'GET /invoices') as unknown as PagedOperationMethod<
      InvoiceListParams,
      OperationResult<ListOperation>
    >,
    /** One invoice (`GET /invoice/{id}`); money and quantities are numbers. */
    get: bind.json('invoices.get', 'GET /invoice/{id}'),
    /** Creates an invoice (`POST /invoice`); `issue_date` and `contact_id` (a contact's id) are required. */
    create: bind.json('invoices.create', 'POST /invoice'),
    /** The invoice as a PDF: bytes, or a `Readable` with `{ responseType: 'stream' }`. */
    pdf: bind.binary('invoices.pdf', 'GET /invoice/{id}/pdf'),
    /** Marks the invoice 請求済 (submitted). */
    markSubmitted: bind.json('invoices.markSubmitted', 'PUT /invoice/{id}/submitted'),
    /** Puts the invoice back to 未請求 (not submitted). */
    unmarkSubmitted: bind.json('invoices.unmarkSubmitted', 'DELETE /invoice/{id}/submitted'),
    /** Marks the invoice 入金済 (paid) on `body.paid_on`, or on its due date when omitted. */
    markPaid: bind.json('invoices.markPaid', 'PUT /invoice/{id}/paid'),
    /** Puts the invoice back to 未入金 (unpaid). */
    unmarkPaid: bind.json('invoices.unmarkPaid', 'DELETE /invoice/{id}/paid'),
    /** Moves the invoice to the trash (ごみ箱). */
    trash: bind.json('invoices.trash', 'PUT /invoice/{id}/trashed'),
    /** Takes the invoice out of the trash. */
    untrash: bind.json('invoices.untrash', 'DELETE /invoice/{id}/trashed'),
    /**
     * Orders Misoca to print and post the invoice (`POST /invoice/{id}/send_by_postal_mail`).
     * **It is charged and cannot be undone**, so the SDK refuses it with a `ConfigurationError`,
     * sending nothing, unless `confirm: true` is passed. A 422 lists Misoca's reasons in
     * `ApiError.messages` (no zip code, no address, trashed invoice).
     *
     * @example
     * ```ts
     * await misoca.invoices.sendByPostalMail({ id: invoice.id, confirm: true });
     * ```
     */
    sendByPostalMail: bind.json(
      'invoices.sendByPostalMail',
      'POST /invoice/{id}/send_by_postal_mail',
    ) as unknown as JsonOperationMethod<PostalMailParams, OperationResult<PostalMailOperation>>,
  };
}

/** The methods of `misoca.invoices`. */
export type MisocaInvoices = ReturnType<typeof invoicesResource>;
