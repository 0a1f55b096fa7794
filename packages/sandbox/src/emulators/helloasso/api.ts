import { loadSpec } from '../../openapi/load-spec.js';
import { readOperations, type SpecOperation } from '../../openapi/operations.js';
import { SpecRouter } from '../../openapi/router.js';
import { SpecValidator } from '../../openapi/validator.js';
import type { ProviderApi, ProviderApiRequest, ProviderApiResponse } from '../../provider-api.js';
import { type HelloAssoEventType, type NotificationDelivery, Notifier } from './_notify.js';
import { haError, validationProblem } from './_responses.js';
import { type CheckoutOutcome, checkoutRoutes, completeCheckout } from './_routes-checkout.js';
import { formRoutes } from './_routes-forms.js';
import { orderRoutes } from './_routes-orders.js';
import { organizationRoutes } from './_routes-organizations.js';
import { partnerRoutes } from './_routes-partners.js';
import { paymentRoutes } from './_routes-payments.js';
import { createHelloAssoState } from './_seed.js';
import type { HaHandler, HaOrder, HaState } from './_types.js';

/** Options of {@link createHelloAssoApi}. */
export interface HelloAssoApiOptions {
  /** Seed of the generated data (same seed, same data). Default 1. */
  seed?: number;
  /** Slug of the organization the sandbox client administers. Default `les-amis-du-sandbox`. */
  organizationSlug?: string;
  /** Where notifications are POSTed (in addition to URLs registered through the partner API). */
  notificationUrl?: string;
  /** Key of the `x-ha-signature` HMAC-SHA256 on notifications. Default `sandbox-signature-key`. */
  signatureKey?: string;
  /** Clock for timestamps of changes (default: the real time). */
  now?: () => Date;
}

/** The HelloAsso API v5 emulation, with helpers for tests and demos. */
export interface HelloAssoApi extends ProviderApi {
  /** The live in-memory data (seeded, then changed by POST/PUT/DELETE calls). */
  readonly state: HaState;
  /** Every operation of HelloAsso's spec (35), each of which this emulation serves. */
  readonly operations: readonly SpecOperation[];
  /** Every notification delivery attempted so far. */
  readonly deliveries: readonly NotificationDelivery[];
  /** Checks a response body against the spec's schema for the operation and status. */
  checkResponse(operationKey: string, status: number, body: unknown): string[];
  /** Sends a signed notification now, to the configured and registered URLs. */
  notify(eventType: HelloAssoEventType, data: unknown, metadata?: unknown): Promise<NotificationDelivery[]>;
  /**
   * Plays the payer's part of a checkout (what happens behind the intent's `redirectUrl`): creates the
   * order and payment and sends the Order/Payment notifications. `undefined` if the intent is unknown or done.
   */
  completeCheckout(
    checkoutIntentId: number,
    outcome?: CheckoutOutcome,
  ): Promise<{ order: HaOrder; deliveries: NotificationDelivery[] } | undefined>;
  /**
   * What the payment page behind `redirectUrl` answers once the payer is done: completes the checkout
   * and redirects (302) to the intent's `returnUrl` with `checkoutIntentId`, `code=succeeded|refused`
   * and `orderId`, as HelloAsso does; 404 in HelloAsso's shape for an unknown or finished intent.
   */
  checkoutRedirect(checkoutIntentId: number, outcome?: CheckoutOutcome): Promise<ProviderApiResponse>;
  /** Waits for notifications still being delivered. */
  flushNotifications(): Promise<void>;
}

// The current spec gives no JSON schema for the item lists; the 2025-05-19 spec declared
// ResultsWithPaginationModel_Item, which is still among the components, so responses are checked against it
// (docs/providers/helloasso.md#spec-versus-real-responses).
const ITEM_LIST_SCHEMA = {
  $ref: '#/components/schemas/HelloAsso.Api.V5.Common.Models.Common.ResultsWithPaginationModel_Item',
};

const UNAUTHORIZED =
  'Unauthorized, you must add a valid JWT into Authorization Header with the format : Bearer TOKEN';

/**
 * Creates the HelloAsso API v5 emulation served by the sandbox under `/helloasso/v5`: seeded data
 * (about 250 orders), every operation of the spec, `pageIndex`/`continuationToken` pagination, cents,
 * organization-bound tokens, validation against the OpenAPI spec and signed notifications.
 *
 * @example
 * ```ts
 * const helloasso = createHelloAssoApi({ notificationUrl: 'http://127.0.0.1:9000/hook', signatureKey: 'k' });
 * const res = await helloasso.handle({ method: 'GET', path: '/organizations/les-amis-du-sandbox/orders',
 *   query: new URLSearchParams('pageSize=50'), headers: {}, body: undefined, rawBody: Buffer.alloc(0),
 *   baseUrl: 'http://127.0.0.1:4010/helloasso/v5', caller: { clientId: 'c', scopes: [] } });
 * ```
 */
export function createHelloAssoApi(options: HelloAssoApiOptions = {}): HelloAssoApi {
  const spec = loadSpec('helloasso-v5-openapi.json');
  const operations = readOperations(spec);
  const byKey = new Map(
    operations.map((op) => [
      op.key,
      op.key.endsWith('/items') && op.responses['200'] === null
        ? { ...op, responses: { ...op.responses, '200': ITEM_LIST_SCHEMA } }
        : op,
    ]),
  );
  const router = new SpecRouter(operations);
  const validator = new SpecValidator(spec);
  const ownSlug = options.organizationSlug ?? 'les-amis-du-sandbox';
  const signatureKey = options.signatureKey ?? 'sandbox-signature-key';
  const state = createHelloAssoState(options.seed ?? 1, ownSlug);
  const now = options.now ?? (() => new Date());
  const notifier = new Notifier({
    state,
    signatureKey,
    ...(options.notificationUrl ? { notificationUrl: options.notificationUrl } : {}),
  });
  const routes: Record<string, HaHandler> = {
    ...organizationRoutes,
    ...formRoutes,
    ...orderRoutes,
    ...paymentRoutes,
    ...checkoutRoutes,
    ...partnerRoutes(signatureKey),
  };

  async function handle(request: ProviderApiRequest): Promise<ProviderApiResponse> {
    const route = router.match(request.method, request.path);
    if (route.kind === 'none') return haError(404, 'NotFound', `No resource at ${request.path}`);
    if (route.kind === 'method-not-allowed')
      return haError(405, 'MethodNotAllowed', `${request.method} is not allowed`);
    const { operation, pathParams } = route.match;
    // The spec omits `security` on PUT form state, but changing a form needs FormAdministration rights.
    if (request.caller === null && (operation.secured || operation.method !== 'GET')) {
      return { ...haError(401, 'Unauthorized', UNAUTHORIZED), headers: { 'www-authenticate': 'Bearer' } };
    }
    if (request.body === undefined && request.rawBody.length > 0) {
      return validationProblem([{ location: 'body', field: 'body', message: 'must be a JSON document' }]);
    }
    const check = validator.checkRequest(operation, pathParams, request.query, request.headers, request.body);
    if (check.issues.length > 0) return validationProblem(check.issues);
    const handler = routes[operation.key];
    if (!handler) return haError(501, 'NotImplemented', `${operation.key} is not emulated`);
    const callerOrganizationSlug = request.caller?.organizationSlug ?? ownSlug;
    try {
      return handler({
        state,
        request,
        params: check.params,
        body:
          typeof request.body === 'object' && request.body !== null
            ? (request.body as Record<string, unknown>)
            : {},
        callerOrganizationSlug,
        now: now(),
        notify: (eventType, data, metadata) => {
          void notifier.send(eventType, data, metadata, callerOrganizationSlug);
        },
      });
    } catch {
      // A bug in the emulation must not take the sandbox down.
      return haError(500, 'InternalError', 'An unexpected error occurred');
    }
  }

  async function complete(checkoutIntentId: number, outcome: CheckoutOutcome = 'succeeded') {
    const done = completeCheckout(state, checkoutIntentId, outcome, now());
    if (!done) return undefined;
    const deliveries: NotificationDelivery[] = [];
    for (const event of done.events) {
      deliveries.push(
        ...(await notifier.send(event.eventType, event.data, done.metadata, done.order.organizationSlug)),
      );
    }
    return { order: done.order, deliveries };
  }

  return {
    handle,
    state,
    operations,
    get deliveries() {
      return notifier.deliveries;
    },
    checkResponse(operationKey, status, body) {
      const operation = byKey.get(operationKey);
      return operation
        ? validator.checkResponse(operation, status, body)
        : [`unknown operation ${operationKey}`];
    },
    notify: (eventType, data, metadata) => notifier.send(eventType, data, metadata, ownSlug),
    completeCheckout: complete,
    async checkoutRedirect(checkoutIntentId, outcome = 'succeeded') {
      const intent = state.checkoutIntents.find((i) => i.id === checkoutIntentId);
      const done = intent ? await complete(checkoutIntentId, outcome) : undefined;
      if (!intent || !done)
        return haError(404, 'NotFound', `Checkout intent ${checkoutIntentId} not found or already paid`);
      const target = new URL(String(intent.body.returnUrl));
      target.searchParams.set('checkoutIntentId', String(checkoutIntentId));
      target.searchParams.set('code', outcome);
      target.searchParams.set('orderId', String(done.order.id));
      return { status: 302, headers: { location: target.toString() } };
    },
    flushNotifications: () => notifier.flush(),
  };
}
