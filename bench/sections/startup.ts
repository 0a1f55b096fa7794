// Section 5: what `import('oauthkit')` costs a process that starts, against `node -e 0`.
import type { ReportRow } from '../lib/report.js';
import { measureStartup, probeImport } from '../lib/startup.js';
import { formatNumber } from '../lib/stats.js';

const SECTION = '6. Start-up: node -e "import(\'oauthkit\')" vs node -e 0';
const MAX_EXTRA_MS = 40;

/** Start-up rows: `node -e 0`, `import('oauthkit')` (the bundled dist/) and the undici probe. */
export async function runStartup(root: string, runs: number): Promise<ReportRow[]> {
  const snippets: Record<string, string> = {
    'node -e 0': '0',
    'node -e "import(\'oauthkit\')"': "import('oauthkit')",
  };
  const [bare, kit] = measureStartup(snippets, runs, root);
  if (bare === undefined || kit === undefined) throw new Error('start-up measurement returned no samples');
  const probe = probeImport('oauthkit', root);
  const extra = kit.wallMs - bare.wallMs;
  const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;
  return [
    {
      section: SECTION,
      subject: `${bare.label} (reference), median of ${runs}`,
      result: `${formatNumber(bare.wallMs)} ms wall · ${formatNumber(bare.cpuMs)} ms CPU · ${mib(bare.maxRssKiB)} peak RSS`,
      ratio: '1.00×',
    },
    {
      section: SECTION,
      subject: `${kit.label}, median of ${runs}`,
      result:
        `${formatNumber(kit.wallMs)} ms wall (+${formatNumber(extra)} ms) · ${formatNumber(kit.cpuMs)} ms CPU ` +
        `(+${formatNumber(kit.cpuMs - bare.cpuMs)} ms) · ${mib(kit.maxRssKiB)} peak RSS (+${mib(kit.maxRssKiB - bare.maxRssKiB)})`,
      ratio: `${(kit.wallMs / bare.wallMs).toFixed(2)}×`,
      goal: `≤ +${MAX_EXTRA_MS} ms over node -e 0`,
      passed: extra <= MAX_EXTRA_MS,
    },
    {
      section: SECTION,
      subject: "what import('oauthkit') loads (info)",
      result:
        `${probe.packageFiles} module files of oauthkit (entry + chunks), ${probe.dependencyFiles} from node_modules; ` +
        `built-ins: ${probe.builtins.length === 0 ? 'none watched' : probe.builtins.map((m) => `node:${m}`).join(', ')}`,
    },
    {
      section: SECTION,
      subject: "undici loaded by import('oauthkit') before any request",
      result: probe.undiciLoaded ? 'yes' : 'no',
      goal: 'no',
      passed: !probe.undiciLoaded,
    },
  ];
}
