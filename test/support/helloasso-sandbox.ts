// A sandbox whose HelloAsso emulation records, for each API request, what it validated: the
// operation the request matched, the status it answered (400 for a request the spec refuses) and
// the issues the spec validator finds in the response body.
import { type Sandbox, type StartSandboxOptions, startSandbox } from '@oauthkit/sandbox';
import { createHelloAssoApi, type HelloAssoApi } from '../../packages/sandbox/src/emulators/helloasso/api.js';
import { SpecRouter } from '../../packages/sandbox/src/openapi/router.js';

export interface HelloAssoExchange {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** `METHOD /template` of the matched operation, or `null` when no operation matched. */
  operation: string | null;
  status: number;
  /** What the spec validator says of the response body (empty: valid). */
  responseIssues: string[];
}

export interface HelloAssoSandbox {
  sandbox: Sandbox;
  emulation: HelloAssoApi;
  exchanges: HelloAssoExchange[];
  close(): Promise<void>;
}

export async function startHelloAssoSandbox(options: StartSandboxOptions = {}): Promise<HelloAssoSandbox> {
  const emulation = createHelloAssoApi({ signatureKey: 'sandbox-signature-key' });
  const router = new SpecRouter(emulation.operations);
  const exchanges: HelloAssoExchange[] = [];
  const recording = {
    async handle(request: Parameters<HelloAssoApi['handle']>[0]) {
      const response = await emulation.handle(request);
      const route = router.match(request.method, request.path);
      const operation = route.kind === 'match' ? route.match.operation.key : null;
      const json = response.json;
      exchanges.push({
        method: request.method,
        path: request.path,
        query: request.query.toString(),
        headers: request.headers,
        body: request.body,
        operation,
        status: response.status,
        responseIssues:
          operation === null || response.status >= 300 || json === undefined
            ? []
            : emulation.checkResponse(operation, response.status, json),
      });
      return response;
    },
  };
  const sandbox = await startSandbox({ ...options, apis: { helloasso: recording } });
  return { sandbox, emulation, exchanges, close: () => sandbox.close() };
}

/** The `new HelloAsso()` options of the sandbox's client, pointed at the sandbox. */
export function sandboxClientOptions(ha: HelloAssoSandbox) {
  return { ...ha.sandbox.helloasso, environment: ha.sandbox.helloasso };
}
