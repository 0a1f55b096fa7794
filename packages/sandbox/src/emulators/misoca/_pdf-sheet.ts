import { taxByRate } from './_documents.js';
import { groupDigits, japaneseDate, percent, yen } from './_pdf-format.js';
import type { MisocaDocumentKind, MisocaEntity, MisocaLine } from './_types.js';

/** A label and its value, as printed (a row of the heading block or of the totals). */
export interface LabelledValue {
  label: string;
  value: string;
}

/** A line item as printed in the table. */
export interface SheetItem {
  name: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  /** Taxed at the reduced rate (軽減税率): marked ※ as the invoice rules ask. */
  reduced: boolean;
}

/** Everything a document's PDF shows, already worded and formatted. */
export interface DocumentSheet {
  title: string;
  /** The small line that says this is no real document. */
  sandboxNotice: string;
  /** Number and dates, top right. */
  heading: LabelledValue[];
  recipient: { address: string[]; names: string[] };
  sender: { name: string; details: string[] };
  subject: string;
  lead: string;
  total: LabelledValue;
  items: SheetItem[];
  totals: LabelledValue[];
  /** Notes under the totals, each a label and its lines (振込先, 備考). */
  footnotes: { label: string; lines: string[] }[];
  /** PDF metadata: fixed, so the same document always gives the same bytes. */
  createdAt: Date;
}

const WORDING: Record<MisocaDocumentKind, { title: string; english: string; lead: string; total: string }> = {
  invoice: {
    title: '請求書',
    english: 'invoice',
    lead: '下記のとおりご請求申し上げます。',
    total: 'ご請求金額',
  },
  estimate: {
    title: '見積書',
    english: 'estimate',
    lead: '下記のとおりお見積り申し上げます。',
    total: 'お見積金額',
  },
  delivery_slip: {
    title: '納品書',
    english: 'delivery slip',
    lead: '下記のとおり納品いたしました。',
    total: '合計金額',
  },
};

const SECOND_DATE: Record<MisocaDocumentKind, { field: string; label: string }> = {
  invoice: { field: 'payment_due_on', label: 'お支払期限' },
  estimate: { field: 'expire_date', label: '有効期限' },
  delivery_slip: { field: 'delivery_date', label: '納品日' },
};

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const present = (...values: unknown[]): string[] => values.map(text).filter((value) => value !== '');

/**
 * The addressee as a Japanese document writes it: a company alone takes 御中; when a person is named,
 * the person takes 様 and the company none (御中 and 様 are never used together).
 */
function recipientNames(body: Record<string, unknown>, fallback: unknown): string[] {
  const company = text(body.recipient_name1) || text(fallback);
  const person = present(body.recipient_name2, body.recipient_name3, body.recipient_name4).join(' ');
  const title = text(body.recipient_title) || '御中';
  if (person === '') return [`${company} ${title}`];
  return [company, `${person} ${title === '御中' ? '様' : title}`];
}

function taxRows(lines: readonly MisocaLine[], body: Record<string, unknown>): LabelledValue[] {
  const option = text(body.tax_option) || 'EXCLUDE';
  if (option === 'EXEMPT' || option === 'NONENTRY') return [];
  const rates = taxByRate(lines, option, text(body.tax_rounding_policy) || 'FLOOR').sort(
    (a, b) => b.rate - a.rate,
  );
  return rates.flatMap(({ rate, amount, tax }) =>
    rate === 0
      ? [{ label: '非課税対象', value: yen(amount) }]
      : [
          { label: `${percent(rate)}対象（${option === 'INCLUDE' ? '税込' : '税抜'}）`, value: yen(amount) },
          { label: `${option === 'INCLUDE' ? '内' : ''}消費税（${percent(rate)}）`, value: yen(tax) },
        ],
  );
}

/** The document's own creation time (never the time of the request, so the bytes stay the same). */
function creationDate(value: unknown): Date {
  const date = new Date(text(value));
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/** Reads a stored invoice, estimate or delivery slip into what its PDF shows. */
export function documentSheet(kind: MisocaDocumentKind, document: MisocaEntity): DocumentSheet {
  const body = document.body as Record<string, unknown>;
  const lines = (document.items ?? []) as MisocaLine[];
  const wording = WORDING[kind];
  const second = SECOND_DATE[kind];
  const secondDate = japaneseDate(document[second.field]);
  const bankAccounts = Array.isArray(body.bank_accounts)
    ? present(...body.bank_accounts.map((account) => (account as { detail?: unknown }).detail))
    : [];
  const reducedMark = lines.some((line) => line.tax_type === 'REDUCED_TAX_8');
  return {
    title: wording.title,
    sandboxNotice: `SANDBOX — not a real ${wording.english} (oauthkit sandbox のテスト用書類です)`,
    heading: [
      { label: `${wording.title}番号`, value: text(document[`${kind}_number`]) },
      { label: '発行日', value: japaneseDate(document.issue_date) },
      ...(secondDate ? [{ label: second.label, value: secondDate }] : []),
    ],
    recipient: {
      address: present(
        text(body.recipient_zip_code) && `〒${text(body.recipient_zip_code)}`,
        body.recipient_address1,
        body.recipient_address2,
      ),
      names: recipientNames(body, document.recipient_name),
    },
    sender: {
      name: text(body.sender_name1),
      details: present(
        [body.sender_name2, body.sender_name3].map(text).filter(Boolean).join(' '),
        text(body.sender_zip_code) && `〒${text(body.sender_zip_code)}`,
        [body.sender_address1, body.sender_address2, body.sender_address3].map(text).join(' '),
        text(body.sender_tel) && `TEL ${text(body.sender_tel)}`,
        body.sender_email,
        text(body.sender_registration_number) && `登録番号 ${text(body.sender_registration_number)}`,
      ),
    },
    subject: text(document.subject),
    lead: wording.lead,
    total: { label: `${wording.total}（税込）`, value: yen(String(body.total_amount_including_tax)) },
    items: lines.map((line) => ({
      name: line.name,
      quantity: groupDigits(line.quantity),
      unit: line.unit_name,
      unitPrice: groupDigits(line.unit_price),
      amount: groupDigits(line.price),
      reduced: line.tax_type === 'REDUCED_TAX_8',
    })),
    totals: [
      { label: '小計', value: yen(String(body.total_amount)) },
      ...taxRows(lines, body),
      { label: '合計', value: yen(String(body.total_amount_including_tax)) },
    ],
    footnotes: [
      ...(kind === 'invoice' && bankAccounts.length > 0 ? [{ label: 'お振込先', lines: bankAccounts }] : []),
      {
        label: '備考',
        lines: [...present(body.notes), ...(reducedMark ? ['※印は軽減税率（8%）対象です。'] : [])],
      },
    ],
    createdAt: creationDate(document.created_at),
  };
}
