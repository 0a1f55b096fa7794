import { loadSpec } from '../../openapi/load-spec.js';
import { readOperations, type SpecOperation } from '../../openapi/operations.js';
import { SpecRouter } from '../../openapi/router.js';
import { misocaResponseQuirks } from '../../openapi/schema-transform.js';
import { SpecValidator } from '../../openapi/validator.js';
import type { ProviderApi, ProviderApiRequest, ProviderApiResponse } from '../../provider-api.js';
import { reasons } from './_responses.js';
import { accountRoutes } from './_routes-account.js';
import { contactRoutes } from './_routes-contacts.js';
import { documentRoutes } from './_routes-documents.js';
import { invoiceRoutes } from './_routes-invoices.js';
import { createMisocaState } from './_seed.js';
import type { MisocaHandler, MisocaState } from './_types.js';

/** Options of {@link createMisocaApi}. */
export interface MisocaApiOptions {
  /** Seed of the generated data (same seed, same data). Default 1. */
  seed?: number;
  /** Clock for timestamps of changes (default: the real time). */
  now?: () => Date;
}

/** The Misoca API v3 emulation, with access to its state for tests and demos. */
export interface MisocaApi extends ProviderApi {
  /** The live in-memory data (seeded, then changed by POST/PUT/DELETE calls). */
  readonly state: MisocaState;
  /** Every operation of Misoca's spec (36), each of which this emulation serves. */
  readonly operations: readonly SpecOperation[];
  /** Checks a response body against the spec, with the documented Misoca quirks allowed. */
  checkResponse(operationKey: string, status: number, body: unknown): string[];
}

const ROUTES: Record<string, MisocaHandler> = {
  ...accountRoutes,
  ...contactRoutes,
  ...invoiceRoutes,
  ...documentRoutes,
};

const WWW_AUTHENTICATE =
  'Bearer realm="Misoca", error="invalid_token", error_description="The access token is invalid"';

/**
 * Creates the Misoca API v3 emulation served by the sandbox under `/misoca/api/v3`: seeded data, every
 * operation of the spec, Link-header pagination, `{ reasons }` errors, money as strings, real PDFs,
 * `read`/`write` scopes, and requests validated against the Swagger 2 spec.
 *
 * @example
 * ```ts
 * const misoca = createMisocaApi({ seed: 42 });
 * const res = await misoca.handle({ method: 'GET', path: '/invoices', query: new URLSearchParams('per_page=10'),
 *   headers: {}, body: undefined, rawBody: Buffer.alloc(0), baseUrl: 'http://127.0.0.1:4010/misoca/api/v3',
 *   caller: { clientId: 'demo', scopes: ['read'] } });
 * res.headers?.link; // <…/invoices?per_page=10&page=2>; rel="next", …
 * ```
 */
export function createMisocaApi(options: MisocaApiOptions = {}): MisocaApi {
  const spec = loadSpec('misoca-api-v3-swagger.json');
  const operations = readOperations(spec);
  const router = new SpecRouter(operations);
  const validator = new SpecValidator(spec, { responseQuirks: misocaResponseQuirks });
  const state = createMisocaState(options.seed ?? 1);
  const now = options.now ?? (() => new Date());
  const byKey = new Map(operations.map((op) => [op.key, op]));

  async function handle(request: ProviderApiRequest): Promise<ProviderApiResponse> {
    const route = router.match(request.method, request.path);
    if (route.kind === 'none') return reasons(404, `No route matches ${request.method} ${request.path}`);
    if (route.kind === 'method-not-allowed')
      return reasons(405, `${request.method} is not allowed on ${request.path}`);
    const { operation, pathParams } = route.match;
    if (request.caller === null) {
      return {
        ...reasons(401, 'アクセストークンが無効です (invalid or missing access token)'),
        headers: { 'www-authenticate': WWW_AUTHENTICATE },
      };
    }
    const needed = operation.method === 'GET' ? ['read', 'write'] : ['write'];
    if (!request.caller.scopes.some((scope) => needed.includes(scope))) {
      return {
        ...reasons(403, `This operation needs the "${needed.at(-1)}" scope`),
        headers: {
          'www-authenticate': `Bearer realm="Misoca", error="insufficient_scope", scope="${needed.at(-1)}"`,
        },
      };
    }
    if (request.body === undefined && request.rawBody.length > 0)
      return reasons(400, 'The request body must be JSON');
    // Grape treats a missing JSON body as no parameters, so required fields are then reported by name.
    const body = request.body === undefined && operation.bodySchema ? {} : request.body;
    const check = validator.checkRequest(operation, pathParams, request.query, request.headers, body);
    if (check.issues.length > 0) {
      const status = check.issues.some((issue) => issue.location !== 'body') ? 400 : 422;
      return reasons(status, ...check.issues.map((issue) => `${issue.field} ${issue.message}`));
    }
    const handler = ROUTES[operation.key];
    if (!handler) return reasons(501, `${operation.key} is not emulated`);
    try {
      return await handler({
        state,
        request,
        params: check.params,
        body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
        now: now(),
      });
    } catch {
      // A bug in the emulation must not take the sandbox down; answer like Misoca's own 500 page would.
      return reasons(500, 'Internal Server Error');
    }
  }

  return {
    handle,
    state,
    operations,
    checkResponse(operationKey, status, body) {
      const operation = byKey.get(operationKey);
      return operation
        ? validator.checkResponse(operation, status, body)
        : [`unknown operation ${operationKey}`];
    },
  };
}
