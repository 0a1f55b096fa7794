import type { JsonSchema } from './operations.js';

/** Deep-copies a schema, letting `visit` rewrite each object node after its children. */
export function mapSchema(value: unknown, visit: (node: JsonSchema) => JsonSchema): unknown {
  if (Array.isArray(value)) return value.map((item) => mapSchema(item, visit));
  if (typeof value !== 'object' || value === null) return value;
  const copy: JsonSchema = {};
  for (const [key, child] of Object.entries(value)) copy[key] = mapSchema(child, visit);
  return visit(copy);
}

/**
 * Makes spec schemas usable by Ajv: local refs point into the schema root registered as `spec`,
 * and OpenAPI's `nullable` without a `type` (meaning "anything") is dropped because Ajv refuses it.
 */
export function prepareSchema(schema: unknown): JsonSchema {
  return mapSchema(schema, (node) => {
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) node.$ref = `spec${ref}`;
    if (node.nullable === true && node.type === undefined) delete node.nullable;
    return node;
  }) as JsonSchema;
}

/**
 * The documented differences between Misoca's spec and its real responses
 * (docs/providers/misoca.md#spec-versus-real-responses):
 * money and quantity fields declared `number` come back as numeric strings such as `"12345.0"`, and
 * date fields of entities (e.g. `trashed_at`, `archived_at`) are `null` when unset although `required`.
 * Only those two rules are relaxed; everything else is checked as the spec says.
 */
export function misocaResponseQuirks(node: JsonSchema): JsonSchema {
  if (node.type === 'number') {
    node.type = ['number', 'string'];
    node.pattern = '^-?\\d+(\\.\\d+)?$';
  } else if (node.type === 'string' && (node.format === 'date' || node.format === 'date-time')) {
    node.type = ['string', 'null'];
  }
  return node;
}
