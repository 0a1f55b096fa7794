import { type Sandbox, type StartSandboxOptions, startSandbox } from '@oauthkit/sandbox';
import { Misoca } from 'oauthkit/misoca';
import { createMisocaApi, type MisocaApi } from '../../packages/sandbox/src/emulators/misoca/api.js';
import { loadSpec } from '../../packages/sandbox/src/openapi/load-spec.js';
import { SpecRouter } from '../../packages/sandbox/src/openapi/router.js';
import { SpecValidator } from '../../packages/sandbox/src/openapi/validator.js';
import type { ProviderApi } from '../../packages/sandbox/src/provider-api.js';

/** One API call as the Misoca emulator saw it, checked against the spec on both sides. */
export interface SeenMisocaCall {
  /** The spec operation it matched (`GET /invoices`), or `null` when no route matched. */
  operation: string | null;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  status: number;
  /** Problems the spec validator found in the request (method, path, parameters, body). */
  requestIssues: string[];
  /** Problems in the JSON answer (the documented Misoca quirks allowed), or `[]` for a binary one. */
  responseIssues: string[];
  /** The answer's raw JSON, as the emulator sent it (before the SDK converted anything). */
  json: unknown;
  contentType: string | undefined;
}

/** A sandbox whose Misoca emulator records every call, with the spec's verdict on it. */
export interface RecordingSandbox {
  sandbox: Sandbox;
  emulator: MisocaApi;
  calls: SeenMisocaCall[];
}

/**
 * Starts the sandbox with its own Misoca emulator wrapped: each request is validated against the
 * Swagger 2 spec independently of the emulator, and each JSON answer too.
 */
export async function startRecordingSandbox(options: StartSandboxOptions = {}): Promise<RecordingSandbox> {
  const emulator = createMisocaApi({ seed: options.seed ?? 1 });
  const spec = loadSpec('misoca-api-v3-swagger.json');
  const router = new SpecRouter(emulator.operations);
  const validator = new SpecValidator(spec);
  const calls: SeenMisocaCall[] = [];
  const recording: ProviderApi = {
    async handle(request) {
      const response = await emulator.handle(request);
      const route = router.match(request.method, request.path);
      const matched = route.kind === 'match' ? route.match : null;
      const requestIssues = matched
        ? validator
            .checkRequest(matched.operation, matched.pathParams, request.query, request.headers, request.body)
            .issues.map((issue) => `${issue.location} ${issue.field} ${issue.message}`)
        : ['no operation of the spec matches'];
      const operation = matched?.operation.key ?? null;
      calls.push({
        operation,
        query: Object.fromEntries(request.query),
        body: request.body,
        authorization: request.headers.authorization,
        status: response.status,
        requestIssues,
        responseIssues:
          operation !== null && response.json !== undefined
            ? emulator.checkResponse(operation, response.status, response.json)
            : [],
        json: response.json,
        contentType: response.contentType,
      });
      return response;
    },
  };
  const sandbox = await startSandbox({ ...options, apis: { ...options.apis, misoca: recording } });
  return { sandbox, emulator, calls };
}

/** A recording sandbox and a `Misoca` logged in to it with the sandbox user's password. */
export async function startLoggedInMisoca(): Promise<{
  box: RecordingSandbox;
  misoca: Misoca;
  close(): Promise<void>;
}> {
  const box = await startRecordingSandbox();
  const misoca = new Misoca(box.sandbox.misoca);
  await misoca.loginWithPassword(box.sandbox.misoca.user.username, box.sandbox.misoca.user.password);
  return {
    box,
    misoca,
    close: async () => {
      await misoca.api.close();
      await box.sandbox.close();
    },
  };
}
