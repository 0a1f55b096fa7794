import { ConfigurationError } from '../../errors/configuration-error.js';
import type { QueryValue } from '../../http/types.js';
import type { OperationInfo } from '../sdk/operation-types.js';
import { QUERY_PARAMETERS } from './generated/misoca-spec-tables.js';

const DAY = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;
// Misoca's dates are Japanese calendar dates; Japan has no daylight saving time (UTC+9 all year).
const JST_OFFSET_MS = 9 * 3_600_000;

/** The query parameters of `METHOD /path` that the spec gives `format: date`. */
function isDateParameter(info: OperationInfo, name: string): boolean {
  const parameters = QUERY_PARAMETERS[`${info.method} ${info.path}` as keyof typeof QUERY_PARAMETERS] as
    | Record<string, string>
    | undefined;
  return parameters?.[name] === 'date';
}

/**
 * Formats one query value the way the API takes it: a date parameter given as a `Date` becomes its
 * day in Japan (`YYYY-MM-DD`, the spec's `format: date`); `YYYY-MM-DD` or `YYYY/MM/DD` strings are
 * accepted as they are written. Anything else is left alone.
 */
export function formatMisocaQuery(name: string, value: unknown, info: OperationInfo): QueryValue {
  if (!isDateParameter(info, name)) return value as QueryValue;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new ConfigurationError(
        `${info.name}: ${name} is an invalid Date; pass a real date or YYYY-MM-DD`,
      );
    }
    return new Date(value.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
  }
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (match === null) {
    throw new ConfigurationError(
      `${info.name}: ${name} must be a Date or a YYYY-MM-DD string, not ${JSON.stringify(value)}`,
    );
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}
