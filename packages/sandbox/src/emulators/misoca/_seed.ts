import { addDays, isoDate, SeededRandom } from '../../openapi/seeded-random.js';
import { buildDocument, jstTimestamp, money, toLine } from './_documents.js';
import {
  ADDRESSES,
  COMPANY_RUBY,
  COMPANY_STEMS,
  DEPARTMENTS,
  FAMILY_NAMES,
  GIVEN_NAMES,
  ITEM_CATALOGUE,
  NOTES,
  SUBJECTS,
} from './_seed-words.js';
import type { MisocaDocumentKind, MisocaEntity, MisocaState } from './_types.js';

/** How many records the seed creates (lists of invoices span several pages of 25). */
export const MISOCA_SEED_COUNTS = {
  contactGroups: 12,
  contacts: 30,
  invoices: 60,
  estimates: 30,
  deliverySlips: 28,
  dealingItems: 30,
} as const;

const EPOCH = Date.UTC(2025, 0, 6, 1, 0, 0);

/** A contact group (取引先) in the API's shape. */
export function contactGroupEntity(
  state: MisocaState,
  id: number,
  fields: Record<string, unknown>,
  at: string,
) {
  return {
    id,
    user_id: state.user.id,
    recipient_name: String(fields.recipient_name ?? ''),
    recipient_ruby: String(fields.recipient_ruby ?? ''),
    recipient_title: String(fields.recipient_title ?? '御中'),
    mail_settings: {
      subjects: { estimate: '', delivery_slip: '', invoice: '', simplified_invoice: '', ...subjects(fields) },
    },
    trashed: false,
    trashed_at: null,
    tax_option: String(fields.tax_option ?? 'USE_SENDER'),
    corporate_number: String(fields.corporate_number ?? ''),
    peppol_id: String(fields.peppol_id ?? ''),
    lock_version: 0,
    created_at: at,
    updated_at: at,
    bank_accounts: Array.isArray(fields.bank_accounts) ? fields.bank_accounts : [],
  };
}

function subjects(fields: Record<string, unknown>): Record<string, unknown> {
  const settings = fields.mail_settings as { subjects?: Record<string, unknown> } | undefined;
  return settings?.subjects ?? {};
}

/** Creates the seeded, deterministic state of the Misoca emulation. */
export function createMisocaState(seed = 1): MisocaState {
  const random = new SeededRandom(seed);
  const state: MisocaState = {
    user: { id: 4201, email: 'yamada.taro@example.jp', name: '山田 太郎' },
    contactGroups: [],
    contacts: [],
    invoices: [],
    estimates: [],
    deliverySlips: [],
    dealingItems: [],
    distributions: [],
    nextId: 100_000,
  };
  const at = (days: number) => jstTimestamp(new Date(addDays(EPOCH, days)));
  for (let i = 0; i < MISOCA_SEED_COUNTS.contactGroups; i++) {
    const name = `株式会社${COMPANY_STEMS[i % COMPANY_STEMS.length]}`;
    const group = contactGroupEntity(
      state,
      1001 + i,
      {
        recipient_name: name,
        recipient_ruby: `かぶしきがいしゃ${COMPANY_RUBY[i % COMPANY_RUBY.length]}`,
        corporate_number: String(random.int(1_000_000_000_000, 9_999_999_999_999)),
      },
      at(i),
    );
    state.contactGroups.push(group);
  }
  for (let i = 0; i < MISOCA_SEED_COUNTS.contacts; i++) {
    const group = state.contactGroups[i % state.contactGroups.length]!;
    const address = random.pick(ADDRESSES);
    const person = `${random.pick(FAMILY_NAMES)} ${random.pick(GIVEN_NAMES)}`;
    const department = random.pick(DEPARTMENTS);
    state.contacts.push({
      id: 2001 + i,
      contact_group_id: group.id,
      user_id: state.user.id,
      recipient_code: `C-${String(i + 1).padStart(4, '0')}`,
      recipient_name: group.recipient_name,
      recipient_ruby: group.recipient_ruby,
      recipient_title: '御中',
      recipient_notes: `${department} ${person} 様`,
      recipient_mail_address: `contact${i + 1}@example.co.jp`,
      recipient_mail_address_cc: '',
      recipient_tel_no: `0${random.int(3, 9)}-${random.int(1000, 9999)}-${random.int(1000, 9999)}`,
      recipient_fax_no: '',
      memo: '',
      favorited: random.chance(0.2),
      favorited_at: null,
      trashed: i === MISOCA_SEED_COUNTS.contacts - 1,
      trashed_at: i === MISOCA_SEED_COUNTS.contacts - 1 ? at(200) : null,
      recipient_zip_code: address.zip,
      recipient_address1: address.address1,
      recipient_address2: address.address2,
      recipient_name1: group.recipient_name,
      recipient_name2: department,
      recipient_name3: person,
      recipient_name4: '',
      recipient_title2: '様',
      tax_option: 'USE_SENDER',
      corporate_number: group.corporate_number,
      lock_version: 0,
      created_at: at(20 + i),
      updated_at: at(20 + i),
    });
  }
  for (let i = 0; i < MISOCA_SEED_COUNTS.dealingItems; i++) {
    const item = ITEM_CATALOGUE[i % ITEM_CATALOGUE.length]!;
    const variant = Math.floor(i / ITEM_CATALOGUE.length);
    state.dealingItems.push({
      id: 3001 + i,
      name: variant === 0 ? item.name : `${item.name}（プラン${'ABC'[variant - 1] ?? variant}）`,
      unit_price: money(item.price * (1 + variant)),
      unit_name: item.unit_name,
      excluding_withholding_tax: false,
      tax_type: i % 7 === 6 ? 'REDUCED_TAX_8' : 'STANDARD_TAX_10',
      lock_version: 0,
      created_at: at(i),
      updated_at: at(i),
    });
  }
  seedDocuments(state, random, 'invoice', MISOCA_SEED_COUNTS.invoices, 10_001, state.invoices);
  seedDocuments(state, random, 'estimate', MISOCA_SEED_COUNTS.estimates, 20_001, state.estimates);
  seedDocuments(
    state,
    random,
    'delivery_slip',
    MISOCA_SEED_COUNTS.deliverySlips,
    30_001,
    state.deliverySlips,
  );
  return state;
}

function seedDocuments(
  state: MisocaState,
  random: SeededRandom,
  kind: MisocaDocumentKind,
  count: number,
  firstId: number,
  into: MisocaEntity[],
): void {
  const prefix = { invoice: 'INV', estimate: 'EST', delivery_slip: 'DLV' }[kind];
  const activeContacts = state.contacts.filter((c) => c.trashed !== true);
  for (let i = 0; i < count; i++) {
    const day = 3 * i + random.int(0, 2);
    const issued = addDays(EPOCH, day);
    const lines = Array.from({ length: random.int(1, 4) }, () => {
      const item = random.pick(ITEM_CATALOGUE);
      return toLine({
        name: item.name,
        unit_name: item.unit_name,
        unit_price: item.price,
        quantity: item.price < 100 ? random.int(100, 5000) : random.int(1, 5),
        tax_type: item.name.includes('野菜') ? 'REDUCED_TAX_8' : 'STANDARD_TAX_10',
        transaction_date: isoDate(issued),
      });
    });
    const document = buildDocument(state, {
      kind,
      id: firstId + i,
      number: `${prefix}-${isoDate(issued).replaceAll('-', '')}-${String(i + 1).padStart(3, '0')}`,
      issueDate: isoDate(issued),
      secondDate: isoDate(addDays(issued, kind === 'delivery_slip' ? 0 : 30)),
      subject: random.pick(SUBJECTS),
      contact: random.pick(activeContacts),
      lines,
      body: { notes: NOTES[kind] },
      createdAt: jstTimestamp(new Date(issued)),
    });
    if (kind === 'invoice') seedInvoiceStatus(document, random, i, count);
    into.push(document);
  }
}

function seedInvoiceStatus(invoice: MisocaEntity, random: SeededRandom, index: number, count: number): void {
  // Older invoices are mostly submitted and paid (then Misoca archives them, 処理済); a few are trashed.
  const age = (count - index) / count;
  if (random.chance(age)) invoice.invoice_status = 1;
  if (invoice.invoice_status === 1 && random.chance(age)) {
    invoice.payment_status = 1;
    invoice.invoice_payment_history = { last_paid_on: invoice.payment_due_on };
    invoice.archived_at = `${String(invoice.payment_due_on)}T18:00:00.000+09:00`;
    invoice.updated_at = invoice.archived_at;
  }
  invoice.issued = invoice.invoice_status === 1;
  if (index % 17 === 16) invoice.trashed_at = invoice.updated_at;
}
