import type { MisocaDocumentKind, MisocaEntity, MisocaLine, MisocaState } from './_types.js';

/** Misoca's money/quantity format: a decimal string such as `"12345.0"`. */
export function money(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(Math.round(value * 1000) / 1000);
}

const TAX_RATES: Record<string, number> = {
  STANDARD_TAX_10: 0.1,
  REDUCED_TAX_8: 0.08,
  STANDARD_TAX_8: 0.08,
  STANDARD_TAX_5: 0.05,
  EXEMPTED_TAX: 0,
};

/** An item as a client sends it in a create body. */
export interface LineInput {
  name?: string;
  quantity?: number;
  unit_price?: number;
  unit_name?: string;
  tax_type?: string;
  excluding_withholding_tax?: boolean;
  transaction_date?: string;
}

/** Builds a stored line from a create body's item; the server computes `price`. */
export function toLine(input: LineInput): MisocaLine {
  const quantity = input.quantity ?? 1;
  const unitPrice = input.unit_price ?? 0;
  return {
    name: input.name ?? '',
    unit_price: money(unitPrice),
    quantity: money(quantity),
    price: money(Math.floor(quantity * unitPrice)),
    unit_name: input.unit_name ?? '',
    tax_type: input.tax_type ?? 'STANDARD_TAX_10',
    excluding_withholding_tax: input.excluding_withholding_tax ?? false,
    transaction_date: input.transaction_date ? input.transaction_date.replaceAll('/', '-') : null,
  };
}

function round(value: number, policy: string): number {
  if (policy === 'CEIL') return Math.ceil(value);
  if (policy === 'ROUND') return Math.round(value);
  return Math.floor(value);
}

/** One tax rate of a document: the amount of its lines at that rate and the tax on it. */
export interface TaxAtRate {
  rate: number;
  amount: number;
  tax: number;
}

/**
 * Amount and tax per tax rate, in the order the rates first appear in the lines (Japan's qualified
 * invoices state both per rate, and the tax is rounded once per rate, not per line).
 */
export function taxByRate(lines: readonly MisocaLine[], taxOption: string, policy: string): TaxAtRate[] {
  const byRate = new Map<number, number>();
  for (const line of lines) {
    const rate = TAX_RATES[line.tax_type] ?? 0.1;
    byRate.set(rate, (byRate.get(rate) ?? 0) + Number(line.price));
  }
  const untaxed = taxOption === 'EXEMPT' || taxOption === 'NONENTRY';
  return [...byRate].map(([rate, amount]) => ({
    rate,
    amount,
    tax: untaxed
      ? 0
      : taxOption === 'INCLUDE'
        ? round((amount * rate) / (1 + rate), policy)
        : round(amount * rate, policy),
  }));
}

/** Subtotal, tax and total of lines, per tax option and rounding policy (per tax rate, like invoices in Japan). */
export function totals(lines: readonly MisocaLine[], taxOption: string, policy: string) {
  const subtotal = lines.reduce((sum, line) => sum + Number(line.price), 0);
  const tax = taxByRate(lines, taxOption, policy).reduce((sum, rate) => sum + rate.tax, 0);
  const including = taxOption === 'EXCLUDE' ? subtotal + tax : subtotal;
  return { total_amount: money(subtotal), tax: money(tax), total_amount_including_tax: money(including) };
}

/** Misoca timestamps: ISO 8601 in Japan time (`2026-01-05T10:00:00.000+09:00`). */
export function jstTimestamp(date: Date): string {
  const shifted = new Date(date.getTime() + 9 * 3_600_000).toISOString();
  return `${shifted.slice(0, 23)}+09:00`;
}

/** Input shared by invoice, estimate and delivery slip creation. */
export interface DocumentInput {
  kind: MisocaDocumentKind;
  id: number;
  number: string;
  issueDate: string;
  /** Due date (invoice), expiry (estimate) or delivery date (slip). */
  secondDate: string | null;
  subject: string;
  contact: MisocaEntity;
  lines: MisocaLine[];
  body: Record<string, unknown>;
  createdAt: string;
}

const SECOND_DATE: Record<MisocaDocumentKind, string> = {
  invoice: 'payment_due_on',
  estimate: 'expire_date',
  delivery_slip: 'delivery_date',
};

/** Builds an invoice/estimate/delivery-slip entity exactly in the shape of Misoca's API. */
export function buildDocument(state: MisocaState, input: DocumentInput): MisocaEntity {
  const { contact, kind } = input;
  const taxOption = String(input.body.tax_option ?? 'EXCLUDE');
  const policy = String(input.body.tax_rounding_policy ?? 'FLOOR');
  const body = {
    sender_name1: String(input.body.sender_name1 ?? '株式会社ミソカサンプル'),
    sender_name2: String(input.body.sender_name2 ?? ''),
    sender_name3: String(input.body.sender_name3 ?? state.user.name),
    sender_zip_code: String(input.body.sender_zip_code ?? '150-0002'),
    sender_address1: String(input.body.sender_address1 ?? '東京都渋谷区渋谷2-21-1'),
    sender_address2: String(input.body.sender_address2 ?? 'ヒカリエ34F'),
    sender_address3: String(input.body.sender_address3 ?? ''),
    sender_tel: String(input.body.sender_tel ?? '03-1234-5678'),
    sender_fax: String(input.body.sender_fax ?? ''),
    sender_email: String(input.body.sender_email ?? state.user.email),
    sender_registration_number: String(input.body.sender_registration_number ?? 'T1234567890123'),
    recipient_zip_code: String(contact.recipient_zip_code ?? ''),
    recipient_address1: String(contact.recipient_address1 ?? ''),
    recipient_address2: String(contact.recipient_address2 ?? ''),
    recipient_name1: String(contact.recipient_name1 ?? contact.recipient_name ?? ''),
    recipient_name2: String(contact.recipient_name2 ?? ''),
    recipient_name3: String(contact.recipient_name3 ?? ''),
    recipient_name4: String(contact.recipient_name4 ?? ''),
    recipient_title: String(contact.recipient_title ?? '御中'),
    notes: String(input.body.notes ?? ''),
    private_sender_memo: '',
    tax_option: taxOption,
    tax_rounding_policy: policy,
    ...(kind === 'invoice'
      ? {
          withholding_tax_type: String(input.body.withholding_tax_type ?? 'None'),
          amount_of_withholding_tax: money(0),
        }
      : {}),
    ...totals(input.lines, taxOption, policy),
    bank_accounts: Array.isArray(input.body.bank_accounts)
      ? input.body.bank_accounts
      : [{ detail: 'みそか銀行 渋谷支店 普通 1234567 カ）ミソカサンプル' }],
  };
  return {
    id: input.id,
    issue_date: input.issueDate.replaceAll('/', '-'),
    [SECOND_DATE[kind]]: input.secondDate ? input.secondDate.replaceAll('/', '-') : null,
    archived_at: null,
    trashed_at: null,
    [`${kind}_number`]: input.number,
    [kind === 'invoice' ? 'invoice_status' : `${kind}_status`]: 0,
    payment_status: 0,
    ...(kind === 'invoice' ? { invoice_payment_history: { last_paid_on: null } } : {}),
    issued: false,
    user_id: state.user.id,
    recipient_name: String(contact.recipient_name ?? ''),
    recipient_title: String(contact.recipient_title ?? '御中'),
    recipient_notes: String(contact.recipient_notes ?? ''),
    subject: input.subject,
    body,
    items: input.lines,
    contact_id: contact.id,
    lock_version: 0,
    created_at: input.createdAt,
    updated_at: input.createdAt,
  };
}
