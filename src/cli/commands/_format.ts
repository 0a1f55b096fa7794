// Writes items as json, ndjson, table or csv, through jq when asked; streaming where the format allows.
import { CliError, EXIT, writeStdout } from '../output.js';

type Filter = (item: unknown) => Promise<unknown[]>;
interface JqEngine {
  raw(input: unknown, filter: string, flags?: string[]): Promise<string>;
}

async function jqFilter(expression: string): Promise<Filter> {
  const loaded = (await import('jq-wasm')) as { default?: JqEngine } & JqEngine;
  const jq = loaded.default ?? loaded;
  return async (item) => {
    let output: string;
    try {
      output = await jq.raw(item, expression, ['-c']);
    } catch (error) {
      const message = (error as Error).message.split('\n')[0] ?? 'jq failed';
      throw new CliError(message, 'check the --jq expression', EXIT.usage);
    }
    return output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  };
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function csvCell(value: unknown): string {
  const text = cell(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Where formatted text goes (stdout, or the `-o` file); resolves once it may take more. */
export type TextSink = (text: string) => Promise<void>;

/**
 * Writes `items` (an array or an async stream) in `format` to `write`; `stream` says they are the
 * items of pages.
 */
export async function formatItems(
  items: AsyncIterable<unknown> | Iterable<unknown>,
  format: string,
  jq: string | undefined,
  stream: boolean,
  write: TextSink = writeStdout,
): Promise<void> {
  const filter = jq ? await jqFilter(jq) : async (item: unknown) => [item];
  if (format === 'ndjson') {
    for await (const item of items)
      for (const out of await filter(item)) await write(`${JSON.stringify(out)}\n`);
    return;
  }
  const all: unknown[] = [];
  for await (const item of items) all.push(...(await filter(item)));
  if (format === 'json') {
    await write(`${JSON.stringify(stream ? all : all[0], null, 2)}\n`);
    return;
  }
  const rows = all.map((item) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? item : { value: item },
  ) as Record<string, unknown>[];
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (format === 'csv') {
    await write(
      `${[columns.map(csvCell).join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\n')}\n`,
    );
    return;
  }
  // Columns are as wide as the terminal shows the text: 株式会社 takes two cells a character.
  const { default: stringWidth } = await import('string-width');
  const widths = columns.map((c) =>
    Math.max(stringWidth(c), ...rows.map((row) => stringWidth(cell(row[c])))),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v + ' '.repeat(Math.max(0, (widths[i] ?? 0) - stringWidth(v))))
      .join('  ')
      .trimEnd();
  await write(
    `${[line(columns), ...rows.map((row) => line(columns.map((c) => cell(row[c]))))].join('\n')}\n`,
  );
}
