// Part of `npm run generate`: the CLI's per-operation parameter tables (src/cli/operations/generated/),
// read from a provider's OpenAPI 3 document: each operation's path, query and header parameters
// (name, where, required, type, enum, one-line description) and whether it takes a JSON body.

const VERBS = ['get', 'post', 'put', 'patch', 'delete'];
const JSON_OR_TEXT = new Set(['application/json', 'text/json', 'text/plain']);

/** Follows a local `$ref` (`#/components/schemas/...`) to the schema it names. */
function resolve(document, schema) {
  let current = schema ?? {};
  for (let depth = 0; current.$ref && depth < 10; depth++) {
    const path = current.$ref.replace(/^#\//, '').split('/');
    current = path.reduce((node, key) => node?.[key], document) ?? {};
  }
  return current;
}

/** The type of a parameter's schema as the CLI coerces it, with its allowed values. */
function typeOf(document, schema) {
  const resolved = resolve(document, schema);
  const type = ['integer', 'number', 'boolean', 'array'].includes(resolved.type) ? resolved.type : 'string';
  const described = { type };
  if (Array.isArray(resolved.enum)) described.enum = resolved.enum.map(String);
  if (typeof resolved.format === 'string') described.format = resolved.format;
  if (type === 'array') {
    const items = typeOf(document, resolved.items);
    described.items = { type: items.type, ...(items.enum ? { enum: items.enum } : {}) };
  }
  if (resolved.default !== undefined) described.default = resolved.default;
  return described;
}

/** One line of a spec description: tags dropped, spaces collapsed, at most 120 characters. */
function oneLine(text) {
  const line = String(text ?? '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** The parameter table of every operation of `document`, keyed by `METHOD /path`. */
export function readCliParameters(document) {
  const table = {};
  for (const [path, item] of Object.entries(document.paths)) {
    for (const verb of VERBS) {
      const operation = item[verb];
      if (!operation) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
        .map((parameter) => resolve(document, parameter))
        .filter((parameter) => ['path', 'query', 'header'].includes(parameter.in))
        .map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          required: parameter.in === 'path' || parameter.required === true,
          ...typeOf(document, parameter.schema),
          description: oneLine(parameter.description),
        }));
      const body = resolve(document, operation.requestBody);
      const success = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith('2'));
      const answerTypes = Object.keys(resolve(document, success?.[1]).content ?? {});
      table[`${verb.toUpperCase()} ${path}`] = {
        summary: oneLine(operation.summary ?? operation.description),
        body: operation.requestBody ? (body.required ? 'required' : 'optional') : 'none',
        // Where the answer comes as a file in several types (an export: CSV, XLSX), `--accept` picks one.
        ...(answerTypes.length > 1 && answerTypes.some((type) => !JSON_OR_TEXT.has(type))
          ? { answerTypes }
          : {}),
        parameters,
      };
    }
  }
  return table;
}

/** The text of a provider's generated parameter table module. */
export function renderCliParameters(header, document) {
  return (
    header +
    "import type { ParameterTable } from '../parameter-table.js';\n\n" +
    '/** Per operation (`METHOD /path`): its parameters as the spec declares them, and its body. */\n' +
    `export const PARAMETERS: ParameterTable = ${JSON.stringify(readCliParameters(document), null, 2)};\n`
  );
}
