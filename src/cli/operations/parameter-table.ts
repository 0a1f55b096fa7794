// The shape of the generated parameter tables (scripts/generate-cli-parameters.mjs writes them).

/** The scalar types a flag's value is coerced to. */
export type ParameterScalar = 'string' | 'integer' | 'number' | 'boolean';

/** One path, query or header parameter of an operation, as its spec declares it. */
export interface ParameterSpec {
  /** The spec's name, which is also the flag: `--organizationSlug`, `--payment_status`. */
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly type: ParameterScalar | 'array';
  /** The allowed values, when the spec lists them. */
  readonly enum?: readonly string[];
  /** The spec's `format` (`date`, `date-time`, `int32`). */
  readonly format?: string;
  /** The element type of an `array` parameter. */
  readonly items?: { readonly type: ParameterScalar | 'array'; readonly enum?: readonly string[] };
  readonly default?: unknown;
  /** The spec's description, on one line. */
  readonly description: string;
}

/** What the CLI knows of one operation beyond the SDK's `OperationInfo`. */
export interface OperationParameters {
  /** The spec's summary, on one line. */
  readonly summary: string;
  /** Whether the operation takes a JSON body. */
  readonly body: 'none' | 'optional' | 'required';
  /** The content types of the answer, when the spec gives several (`--accept` chooses). */
  readonly answerTypes?: readonly string[];
  readonly parameters: readonly ParameterSpec[];
}

/** Operations by `METHOD /path`, as in the spec. */
export type ParameterTable = Readonly<Record<string, OperationParameters>>;
