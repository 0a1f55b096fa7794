import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { SpecDocument } from './load-spec.js';
import type { JsonSchema, SpecOperation } from './operations.js';
import { mapSchema, prepareSchema } from './schema-transform.js';

/** One problem found in a request, naming the field. */
export interface ValidationIssue {
  location: 'path' | 'query' | 'header' | 'body';
  /** Dotted field name, e.g. `pageSize`, `items[0].unit_price`, or `body` for the whole body. */
  field: string;
  /** Ajv's message, e.g. `must be integer`. */
  message: string;
}

/** Result of checking a request: parameters coerced to their declared types, and the issues. */
export interface RequestCheck {
  params: Record<string, unknown>;
  issues: ValidationIssue[];
}

/** Options of {@link SpecValidator}. */
export interface SpecValidatorOptions {
  /** Rewrites response schemas for documented provider quirks (see `misocaResponseQuirks`). */
  responseQuirks?: (node: JsonSchema) => JsonSchema;
}

type AddFormats = (ajv: Ajv, options?: { mode?: 'fast' | 'full' }) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

const isNumber = (value: number): boolean => Number.isFinite(value);

function createAjv(lenientDates: boolean, coerce: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    ...(coerce ? { coerceTypes: 'array' as const, useDefaults: true } : {}),
  });
  addFormats(ajv);
  for (const name of ['int32', 'int64', 'double', 'float'])
    ajv.addFormat(name, { type: 'number', validate: isNumber });
  if (lenientDates) {
    // Requests: ASP.NET and Rails accept plain dates and slashes (`2026/09/30`, per Misoca's docs).
    ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value.replaceAll('/', '-'))));
    ajv.addFormat('date', (value: string) => /^\d{4}[-/]\d{2}[-/]\d{2}$/.test(value));
  }
  return ajv;
}

/**
 * Validates requests and responses of one spec with Ajv. The spec is loaded once; each operation's
 * schemas are compiled the first time the operation is used.
 */
export class SpecValidator {
  private readonly paramAjv = createAjv(true, true);
  private readonly bodyAjv = createAjv(true, false);
  private readonly responseAjv = createAjv(false, false);
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly responseQuirks: ((node: JsonSchema) => JsonSchema) | undefined;

  constructor(spec: SpecDocument, options: SpecValidatorOptions = {}) {
    const root = { definitions: spec.definitions ?? {}, components: spec.components ?? {} };
    const prepared = prepareSchema(root);
    this.paramAjv.addSchema(prepared, 'spec');
    // Both providers' frameworks (ASP.NET, Grape) ignore unknown request fields, so requests are not
    // refused for them; responses stay strict, since the emulation must send only what the spec declares.
    this.bodyAjv.addSchema(mapSchema(prepared, allowUnknownFields) as JsonSchema, 'spec');
    const quirks = options.responseQuirks;
    this.responseAjv.addSchema(quirks ? (mapSchema(prepared, quirks) as JsonSchema) : prepared, 'spec');
    this.responseQuirks = quirks;
  }

  private compile(ajv: Ajv, key: string, schema: unknown): ValidateFunction {
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = ajv.compile(schema as JsonSchema);
      this.compiled.set(key, fn);
    }
    return fn;
  }

  /** Checks path, query and header parameters and the JSON body of a request. */
  checkRequest(
    operation: SpecOperation,
    pathParams: Record<string, string>,
    query: URLSearchParams,
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
  ): RequestCheck {
    const issues: ValidationIssue[] = [];
    const params: Record<string, unknown> = {};
    for (const location of ['path', 'query', 'header'] as const) {
      const declared = operation.parameters.filter((p) => p.in === location);
      if (declared.length === 0) continue;
      const values: Record<string, unknown> = {};
      for (const p of declared) {
        const isArray = p.schema.type === 'array';
        if (location === 'path') values[p.name] = pathParams[p.name];
        else if (location === 'query')
          values[p.name] = isArray ? query.getAll(p.name) : (query.get(p.name) ?? undefined);
        else values[p.name] = headers[p.name.toLowerCase()];
        if (values[p.name] === undefined || (isArray && (values[p.name] as unknown[]).length === 0))
          delete values[p.name];
      }
      const schema = {
        type: 'object',
        properties: Object.fromEntries(declared.map((p) => [p.name, prepareSchema(p.schema)])),
        required: declared.filter((p) => p.required).map((p) => p.name),
      };
      const validate = this.compile(this.paramAjv, `${operation.key} ${location}`, schema);
      if (!validate(values)) issues.push(...toIssues(location, validate.errors));
      Object.assign(params, values);
    }
    if (operation.bodySchema) {
      if (body === undefined) {
        if (operation.bodyRequired) issues.push({ location: 'body', field: 'body', message: 'is required' });
      } else {
        const validate = this.compile(
          this.bodyAjv,
          `${operation.key} body`,
          mapSchema(prepareSchema(operation.bodySchema), allowUnknownFields),
        );
        if (!validate(body)) issues.push(...toIssues('body', validate.errors));
      }
    }
    return { params, issues };
  }

  /** Checks a response body against the schema the spec gives for the status; returns the problems. */
  checkResponse(operation: SpecOperation, status: number, body: unknown): string[] {
    const schema = operation.responses[String(status)];
    if (schema === undefined) return [`status ${status} is not declared by ${operation.key}`];
    if (schema === null) return [];
    const key = `${operation.key} response ${status}${this.responseQuirks ? ' quirks' : ''}`;
    const prepared = prepareSchema(schema);
    const quirks = this.responseQuirks;
    const validate = this.compile(this.responseAjv, key, quirks ? mapSchema(prepared, quirks) : prepared);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
      return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
    });
  }
}

function allowUnknownFields(node: JsonSchema): JsonSchema {
  if (node.additionalProperties === false) delete node.additionalProperties;
  return node;
}

function toIssues(
  location: ValidationIssue['location'],
  errors: ErrorObject[] | null | undefined,
): ValidationIssue[] {
  return (errors ?? []).map((error) => {
    const segments = error.instancePath.split('/').filter(Boolean);
    const missing = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
    if (missing) segments.push(missing);
    const field = segments.reduce(
      (acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s),
      '',
    );
    const message =
      missing !== undefined
        ? 'is required'
        : error.keyword === 'enum'
          ? `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`
          : (error.message ?? 'is invalid');
    return { location, field: field || (location === 'body' ? 'body' : location), message };
  });
}
