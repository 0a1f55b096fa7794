import type { ProviderApiRequest, ProviderApiResponse } from '../../provider-api.js';

/** A JSON object as the API sends it (field names exactly as in Misoca's spec). */
export type MisocaEntity = Record<string, unknown> & { id: number };

/** A document line: money and quantities are strings, as Misoca returns them. */
export interface MisocaLine {
  name: string;
  unit_price: string;
  quantity: string;
  price: string;
  unit_name: string;
  tax_type: string;
  excluding_withholding_tax: boolean;
  transaction_date: string | null;
}

/** The three document kinds that share the body/items/totals model. */
export type MisocaDocumentKind = 'invoice' | 'estimate' | 'delivery_slip';

/** In-memory state of the Misoca emulation (what the seed creates and mutations change). */
export interface MisocaState {
  user: { id: number; email: string; name: string };
  contactGroups: MisocaEntity[];
  contacts: MisocaEntity[];
  invoices: MisocaEntity[];
  estimates: MisocaEntity[];
  deliverySlips: MisocaEntity[];
  dealingItems: MisocaEntity[];
  distributions: MisocaEntity[];
  /** Next id per collection, so created ids never collide with seeded ones. */
  nextId: number;
}

/** What a route handler gets. */
export interface MisocaContext {
  state: MisocaState;
  request: ProviderApiRequest;
  /** Path and query parameters, coerced to the types the spec declares. */
  params: Record<string, unknown>;
  /** The validated JSON body (an empty object when there is none). */
  body: Record<string, unknown>;
  /** Current time (ISO strings are built from it). */
  now: Date;
}

/** A route handler of the emulation (PDF downloads answer asynchronously). */
export type MisocaHandler = (context: MisocaContext) => ProviderApiResponse | Promise<ProviderApiResponse>;
