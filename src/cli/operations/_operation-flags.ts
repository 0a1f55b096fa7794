// The flags of one operation command, one per spec parameter under its spec name, with the values
// coerced to the spec's type (commander reports a bad value with the flag's name: exit 2).
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CliError, EXIT } from '../output.js';
import type { ParameterScalar, ParameterSpec } from './parameter-table.js';

type Parse = (raw: string) => unknown;

function scalarParser(type: ParameterScalar | 'array', allowed: readonly string[] | undefined): Parse {
  return (raw) => {
    if (allowed && !allowed.includes(raw)) {
      throw new InvalidArgumentError(`Allowed values are ${allowed.join(', ')}.`);
    }
    if (type === 'integer') {
      if (!/^-?\d+$/.test(raw)) throw new InvalidArgumentError('It must be an integer.');
      return Number(raw);
    }
    if (type === 'number') {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value))
        throw new InvalidArgumentError('It must be a number.');
      return value;
    }
    if (type === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw new InvalidArgumentError('It must be true or false.');
      return raw === 'true';
    }
    return raw;
  };
}

/** The parser of a parameter: arrays take repeated flags or comma-separated values. */
function parserOf(spec: ParameterSpec): (raw: string, previous: unknown) => unknown {
  if (spec.type !== 'array') {
    const parse = scalarParser(spec.type, spec.enum);
    return (raw) => parse(raw);
  }
  const parse = scalarParser(spec.items?.type ?? 'string', spec.items?.enum);
  return (raw, previous) => [...((previous as unknown[] | undefined) ?? []), ...raw.split(',').map(parse)];
}

/** The type of a parameter as help shows it: `integer`, `string (date)`, `array of enum`. */
export function describeType(spec: ParameterSpec): string {
  const scalar = (type: string, allowed: readonly string[] | undefined, format?: string) =>
    allowed ? 'enum' : format && type === 'string' ? `${format} string` : type;
  if (spec.type === 'array') return `array of ${scalar(spec.items?.type ?? 'string', spec.items?.enum)}`;
  return scalar(spec.type, spec.enum, spec.format);
}

function optionOf(spec: ParameterSpec): Option {
  const allowed = spec.type === 'array' ? spec.items?.enum : spec.enum;
  const placeholder = spec.type === 'boolean' ? '[boolean]' : allowed ? '<value>' : `<${spec.type}>`;
  const facts = [describeType(spec), spec.required ? 'required' : '', spec.in === 'header' ? 'header' : '']
    .filter(Boolean)
    .join(', ');
  const choices = allowed ? `; one of ${allowed.join(', ')}` : '';
  const fallback = spec.default !== undefined ? `; default ${JSON.stringify(spec.default)}` : '';
  const option = new Option(
    `--${spec.name} ${placeholder}`,
    `(${facts}${choices}${fallback}) ${spec.description}`.trim(),
  ).argParser(parserOf(spec));
  if (spec.type === 'boolean') option.preset('true');
  if (spec.required) option.makeOptionMandatory();
  return option;
}

/**
 * Adds a flag per parameter to `command`, and returns the function that reads the given flags back
 * as SDK `params` (spec names, coerced values).
 */
export function addParameterFlags(
  command: Command,
  specs: readonly ParameterSpec[],
): (options: Record<string, unknown>) => Record<string, unknown> {
  const options = specs.map((spec) => {
    const option = optionOf(spec);
    command.addOption(option);
    return { spec, attribute: option.attributeName() };
  });
  return (given) => {
    const params: Record<string, unknown> = {};
    for (const { spec, attribute } of options) {
      if (given[attribute] !== undefined) params[spec.name] = given[attribute];
    }
    return params;
  };
}

/** A `-f`/`-F` field that names a parameter, coerced like its flag (exit 2 when it does not fit). */
export function coerceField(spec: ParameterSpec, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return parserOf(spec)(value, undefined);
  } catch (error) {
    throw new CliError(
      `field ${spec.name}=${value} is invalid: ${(error as Error).message}`,
      undefined,
      EXIT.usage,
    );
  }
}

/** A sample value of a parameter, for the examples in help. */
export function sampleValue(spec: ParameterSpec): string {
  const allowed = spec.type === 'array' ? spec.items?.enum : spec.enum;
  if (allowed?.[0] !== undefined) return allowed[0];
  const type = spec.type === 'array' ? (spec.items?.type ?? 'string') : spec.type;
  if (type === 'integer' || type === 'number') return '42';
  if (type === 'boolean') return 'true';
  if (spec.format === 'date') return '2026-01-31';
  if (spec.format === 'date-time') return '2026-01-31T00:00:00Z';
  return spec.name.toLowerCase().includes('slug') ? 'my-organization' : 'value';
}
