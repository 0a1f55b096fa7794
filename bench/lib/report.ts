// The bench's one markdown table: sections as bold rows, every goal printed with pass/fail.

/** One line of the results table. */
export interface ReportRow {
  section: string;
  subject: string;
  result: string;
  /** Ratio to the section's reference (the floor, or `node -e 0`). */
  ratio?: string;
  goal?: string;
  passed?: boolean;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Renders rows as one markdown table, with a bold line where a new section starts. */
export function renderTable(rows: readonly ReportRow[]): string {
  const lines = ['| Benchmark | Subject | Result | Ratio | Goal | Status |', '|---|---|---|---|---|---|'];
  let section: string | undefined;
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push(`| **${cell(section)}** | | | | | |`);
    }
    const status = row.passed === undefined ? '' : row.passed ? 'PASS' : 'FAIL';
    lines.push(
      `| | ${cell(row.subject)} | ${cell(row.result)} | ${cell(row.ratio ?? '')} | ${cell(row.goal ?? '')} | ${status} |`,
    );
  }
  return lines.join('\n');
}

/** The goals of the run: how many passed, and which failed. */
export function summarizeGoals(rows: readonly ReportRow[]): { passed: number; failed: string[] } {
  const withGoal = rows.filter((row) => row.passed !== undefined);
  return {
    passed: withGoal.filter((row) => row.passed).length,
    failed: withGoal.filter((row) => !row.passed).map((row) => `${row.section}: ${row.subject}`),
  };
}
