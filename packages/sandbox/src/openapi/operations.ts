import type { SpecDocument } from './load-spec.js';

/** A JSON Schema fragment from a spec (refs still point into the spec). */
export type JsonSchema = Record<string, unknown>;

/** One path, query or header parameter of an operation. */
export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

/** One operation of a spec, normalised from Swagger 2 or OpenAPI 3. */
export interface SpecOperation {
  /** `GET /contacts` — the route key used by the emulations. */
  key: string;
  method: string;
  pathTemplate: string;
  parameters: OperationParameter[];
  /** JSON request body schema, when the operation declares one. */
  bodySchema?: JsonSchema;
  bodyRequired: boolean;
  /** Status code → JSON response schema (`null` when the spec gives none). */
  responses: Record<string, JsonSchema | null>;
  /** Whether the spec declares a security requirement for the operation. */
  secured: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function swaggerParameter(raw: Record<string, unknown>): OperationParameter | undefined {
  const where = raw.in;
  if (where !== 'path' && where !== 'query' && where !== 'header') return undefined;
  const { name, in: _in, required, description: _d, ...schema } = raw;
  return { name: String(name), in: where, required: required === true, schema };
}

function openApiParameter(raw: Record<string, unknown>): OperationParameter | undefined {
  const where = raw.in;
  if (where !== 'path' && where !== 'query' && where !== 'header') return undefined;
  return { name: String(raw.name), in: where, required: raw.required === true, schema: asRecord(raw.schema) };
}

function jsonContentSchema(content: unknown): JsonSchema | undefined {
  const media = asRecord(content);
  const json = media['application/json'] ?? media['text/json'];
  const schema = asRecord(json).schema;
  return schema === undefined ? undefined : asRecord(schema);
}

/** Lists every operation of a Swagger 2 or OpenAPI 3 document, in document order. */
export function readOperations(spec: SpecDocument): SpecOperation[] {
  const isSwagger2 = typeof spec.swagger === 'string';
  const globalSecurity = asRecord(spec).security;
  const operations: SpecOperation[] = [];
  for (const [pathTemplate, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = asRecord(item[method]);
      if (Object.keys(op).length === 0) continue;
      const rawParameters = [
        ...(Array.isArray(item.parameters) ? item.parameters : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ].map(asRecord);
      const parameters: OperationParameter[] = [];
      let bodySchema: JsonSchema | undefined;
      let bodyRequired = false;
      for (const raw of rawParameters) {
        if (isSwagger2 && raw.in === 'body') {
          bodySchema = asRecord(raw.schema);
          bodyRequired = raw.required === true;
          continue;
        }
        const parameter = isSwagger2 ? swaggerParameter(raw) : openApiParameter(raw);
        if (parameter) parameters.push(parameter);
      }
      if (!isSwagger2 && op.requestBody !== undefined) {
        const requestBody = asRecord(op.requestBody);
        bodySchema = jsonContentSchema(requestBody.content);
        bodyRequired = requestBody.required === true;
      }
      const responses: Record<string, JsonSchema | null> = {};
      for (const [status, response] of Object.entries(asRecord(op.responses))) {
        const r = asRecord(response);
        const schema = isSwagger2 ? r.schema : jsonContentSchema(r.content);
        responses[status] = schema === undefined ? null : asRecord(schema);
      }
      const security = op.security ?? globalSecurity;
      const upper = method.toUpperCase();
      operations.push({
        key: `${upper} ${pathTemplate}`,
        method: upper,
        pathTemplate,
        parameters,
        ...(bodySchema ? { bodySchema } : {}),
        bodyRequired,
        responses,
        // Swagger 2 Misoca declares no security objects but every operation needs a token.
        secured: isSwagger2 ? true : Array.isArray(security) && security.length > 0,
      });
    }
  }
  return operations;
}
