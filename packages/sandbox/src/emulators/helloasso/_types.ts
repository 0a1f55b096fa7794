import type { ProviderApiRequest, ProviderApiResponse } from '../../provider-api.js';

/** A JSON object in the shape of HelloAsso's API (camelCase fields as in the spec). */
export type HaRecord = Record<string, unknown>;

/** An organization: its public model plus the sandbox's bookkeeping. */
export interface HaOrganization extends HaRecord {
  organizationSlug: string;
  name: string;
}

/** A form (campaign) in the FormPublicModel shape, with `tiers`. */
export interface HaForm extends HaRecord {
  formSlug: string;
  formType: string;
  organizationSlug: string;
  state: string;
  title: string;
}

/** An order in the OrderDetail shape: items and payments embedded, amounts in cents. */
export interface HaOrder extends HaRecord {
  id: number;
  organizationSlug: string;
  formSlug: string;
  formType: string;
  date: string;
  payer: HaRecord;
  items: HaRecord[];
  payments: HaRecord[];
}

/** A checkout intent (InitCheckoutBody + what happened to it). */
export interface HaCheckoutIntent {
  id: number;
  organizationSlug: string;
  body: HaRecord;
  redirectUrl: string;
  orderId?: number;
  expiresAt: number;
}

/** A notification URL registered through `PUT /partners/me/api-notifications[...]`. */
export interface HaNotificationUrl {
  url: string;
  apiNotificationType?: string;
  organizationSlug?: string;
}

/** In-memory state of the HelloAsso emulation. */
export interface HaState {
  /** The organization a client-credentials token of the sandbox's client administers. */
  ownOrganizationSlug: string;
  organizations: HaOrganization[];
  forms: HaForm[];
  orders: HaOrder[];
  checkoutIntents: HaCheckoutIntent[];
  refunds: HaRecord[];
  notificationUrls: HaNotificationUrl[];
  partnerDomain: string | null;
  nextId: number;
}

/** What a route handler gets. */
export interface HaContext {
  state: HaState;
  request: ProviderApiRequest;
  /** Path, query and header parameters coerced to the spec's types (arrays from repeated keys). */
  params: Record<string, unknown>;
  body: HaRecord;
  /** The organization the caller's token is bound to. */
  callerOrganizationSlug: string;
  now: Date;
  /** Sends a notification (fire and forget from a handler's point of view). */
  notify(eventType: string, data: unknown, metadata?: unknown): void;
}

/** A route handler of the emulation. */
export type HaHandler = (context: HaContext) => ProviderApiResponse;
