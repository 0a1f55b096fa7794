// Section 3: rows from bench/many-processes.ts (written by another helper), when that file exists.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportRow } from '../lib/report.js';

const SECTION = '3. Many processes: oauthkit + Redis vs a naive shared store';

type ManyProcessesModule = { runManyProcesses?: (options?: object) => Promise<{ rows: readonly object[] }> };

function firstText(row: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) if (typeof row[key] === 'string') return row[key];
  return undefined;
}

/** Maps whatever shape a row has onto the table: known fields where present, the rest as `key: value`. */
function toReportRow(raw: object): ReportRow {
  const row = raw as Record<string, unknown>;
  const subjectKeys = ['subject', 'name', 'label', 'library', 'store', 'case'];
  const subject = firstText(row, subjectKeys) ?? 'row';
  const shown = new Set([...subjectKeys, 'section', 'goal', 'passed', 'pass', 'ratio']);
  const result =
    firstText(row, ['result']) ??
    Object.entries(row)
      .filter(([key]) => !shown.has(key))
      .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(' · ');
  const passed =
    typeof row.passed === 'boolean' ? row.passed : typeof row.pass === 'boolean' ? row.pass : undefined;
  return {
    section: SECTION,
    subject,
    result,
    ...(typeof row.ratio === 'string' ? { ratio: row.ratio } : {}),
    ...(typeof row.goal === 'string' ? { goal: row.goal } : {}),
    ...(passed === undefined ? {} : { passed }),
  };
}

/** Imports bench/many-processes.ts when present and maps its rows onto the table; a note row otherwise. */
export async function runManyProcessesSection(
  root: string,
  env: Record<string, string>,
  options?: { durationMs?: number },
): Promise<ReportRow[]> {
  const file = join(root, 'bench/many-processes.ts');
  if (!existsSync(file)) {
    return [
      { section: SECTION, subject: 'skipped', result: 'bench/many-processes.ts is not in this tree yet' },
    ];
  }
  try {
    Object.assign(process.env, env);
    const module = (await import(pathToFileURL(file).href)) as ManyProcessesModule;
    if (typeof module.runManyProcesses !== 'function')
      throw new Error('it does not export runManyProcesses()');
    const { rows } = await module.runManyProcesses(options);
    return rows.map(toReportRow);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return [{ section: SECTION, subject: 'runManyProcesses()', result: `failed: ${message}` }];
  }
}
