import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, startScript } from '../support/run-script.js';

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'oauthkit-demo-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('logs in to both providers, saves the invoice PDF under .oauthkit-demo/ and nothing else, and exits 0', async () => {
    // A dead proxy in the environment: the demo must stay on loopback and never need a network.
    const child = startScript('examples/demo/main.ts', [], workDir, {
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
    });
    const { code, stdout, stderr } = await finished(child);
    expect(stderr).not.toContain('demo failed');
    expect(code).toBe(0);

    expect(stdout).toMatch(/^oauthkit demo — sandbox at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toContain('✓ logged in as yamada.taro@example.jp (scope: write)');
    expect(stdout).toMatch(/✓ contacts: [1-9]\d* \(first: .+\)/);
    expect(stdout).toMatch(/✓ invoice created: INV-\d{8}-\d+ \(id \d+\), total ¥291,500 incl\. tax/);
    expect(stdout).toMatch(/✓ PDF saved: \.oauthkit-demo\/misoca-invoice-INV-\d{8}-\d+\.pdf \(\d+ bytes\)/);
    expect(stdout).toMatch(
      /✓ orders: [1-9]\d* over [1-9]\d* pages, total [\d,.]+ € \(after HTTP 503 \(injected fault\), retried\)/,
    );
    expect(stdout).toMatch(
      /✓ refresh: [1-9] across the 2 s TTL with the refresh token \(rotated, old refresh token now refused\)/,
    );
    expect(stdout).toMatch(
      /Token requests: Misoca authorization_code=1.*; HelloAsso client_credentials=1 refresh_token=\d/,
    );
    expect(stdout).toMatch(/Done in \d+\.\d s\./);
    // The progress bar goes to stderr, never into the summary.
    expect(stderr).toMatch(/HelloAsso orders .* (\d+)\/\1 \(\d+ pages\)/);
    expect(stdout).not.toContain('HelloAsso orders ');

    // The working directory gets the demo's folder and nothing else.
    expect(await readdir(workDir)).toEqual(['.oauthkit-demo']);
    const files = await readdir(join(workDir, '.oauthkit-demo'));
    expect(files).toHaveLength(1);
    const pdf = await readFile(join(workDir, '.oauthkit-demo', files[0]!));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(stdout).toContain(`(${pdf.length} bytes)`);
  });
});
