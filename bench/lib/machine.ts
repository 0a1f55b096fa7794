// Describes the machine a run measured, for RESULTS.md.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** CPU model (from /proc/cpuinfo when readable), cores, RAM, Node version and date. */
export function describeMachine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1] !== undefined) model = match[1].trim();
  } catch {
    // Not Linux: os.cpus() already named the model.
  }
  const ramGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return [
    `- CPU: ${model}`,
    `- Cores: ${cpus().length}`,
    `- RAM: ${ramGiB} GiB`,
    `- Node: ${process.version} (${process.platform} ${process.arch})`,
    `- Date: ${new Date().toISOString()}`,
  ].join('\n');
}
