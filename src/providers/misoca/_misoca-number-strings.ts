import type { OperationInfo } from '../sdk/operation-types.js';
import { ANSWER_DEFINITIONS, NUMBER_FIELDS } from './generated/misoca-spec-tables.js';

// Misoca sends many fields its own spec types as `number` as strings instead ("291500.0" in
// `total_amount`, "1.0" in `quantity`). Which fields to convert comes from the spec's types, through
// the table `npm run generate` writes, never from a hand-kept list.
const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * The answer of an operation with every numeric string the spec types as a number turned into a
 * number. Other values, and strings that are not plain decimals, are left as they came.
 */
export function convertNumberStrings(data: unknown, info: OperationInfo): unknown {
  const definition = ANSWER_DEFINITIONS[`${info.method} ${info.path}`];
  return definition === undefined ? data : convert(data, definition);
}

function convert(value: unknown, definition: string): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, definition));
  const fields = NUMBER_FIELDS[definition];
  if (fields === undefined || value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const [field, kind] of Object.entries(fields)) {
    const current = record[field];
    if (current === undefined || current === null) continue;
    if (kind === 'number' || kind === 'integer') {
      if (typeof current === 'string' && NUMERIC.test(current)) record[field] = Number(current);
    } else {
      record[field] = convert(current, kind);
    }
  }
  return record;
}
