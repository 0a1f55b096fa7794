import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPdf } from '../../packages/sandbox/src/emulators/misoca/_pdf.js';
import { seedHelloAssoProfile, seedMisocaProfile, storedTokens } from '../support/cli-provider-profile.js';
import { freshHome, runCli } from '../support/cli-run.js';
import { type RecordingSandbox, startRecordingSandbox } from '../support/misoca-recording-sandbox.js';

// `oauthkit misoca <resource> <method>` against the sandbox's Misoca, with a profile as
// `oauthkit login --provider misoca` writes it; the sandbox records what it was asked.
describe('oauthkit misoca operation commands', () => {
  let recording: RecordingSandbox;
  let home: string;
  let secrets: string[];
  beforeAll(async () => {
    recording = await startRecordingSandbox();
    home = await freshHome();
    await seedMisocaProfile(home, recording.sandbox);
    secrets = [recording.sandbox.misoca.clientSecret, recording.sandbox.misoca.user.password];
  });
  afterAll(() => recording.sandbox.close());

  const seen = (operation: string) => recording.calls.filter((call) => call.operation === operation);
  const misoca = async (args: string[], input?: string) => {
    const result = await runCli(home, ['misoca', ...args], input === undefined ? {} : { input });
    const tokens = await storedTokens(home);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    for (const secret of [...secrets, ...tokens]) expect(result.stdout + result.stderr).not.toContain(secret);
    return result;
  };

  it('invoices list --all walks every page (Link rel="next") and prints one table row per invoice', async () => {
    const active = recording.emulator.state.invoices.filter(
      (i) => i.trashed_at === null && i.archived_at === null,
    );
    const before = seen('GET /invoices').length;
    const result = await misoca([
      'invoices',
      'list',
      '--per_page',
      '10',
      '--all',
      '--format',
      'table',
      '--jq',
      '{id}',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]?.trim()).toBe('id');
    expect(lines.slice(1).map(Number).sort()).toEqual(active.map((i) => i.id).sort());
    const pages = seen('GET /invoices').slice(before);
    expect(active.length).toBeGreaterThan(20);
    expect(pages).toHaveLength(Math.ceil(active.length / 10));
    expect(pages.every((call) => call.query.per_page === '10' && call.requestIssues.length === 0)).toBe(true);
    expect(result.stderr).toBe('');
  });

  it('--format table lines up Japanese text by its width on screen (two cells a character)', async () => {
    const result = await misoca([
      'invoices',
      'list',
      '--limit',
      '6',
      '--format',
      'table',
      '--jq',
      '{recipient_name, subject, id}',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines.slice(1).some((line) => /[\u3000-\u9fff]/.test(line))).toBe(true);
    // The id column starts at the same screen column on every line.
    const idColumn = (line: string) => stringWidth(line.slice(0, line.search(/\S+$/)));
    expect(new Set(lines.map(idColumn)).size).toBe(1);
  });

  it('invoices list --payment_status paid --limit 3 sends the filters and stops at 3 items', async () => {
    const paid = recording.emulator.state.invoices.filter(
      (i) => i.trashed_at === null && i.payment_status === 1,
    );
    expect(paid.length).toBeGreaterThan(3);
    const before = seen('GET /invoices').length;
    const args = ['invoices', 'list', '--type', 'untrashed', '--payment_status', 'paid', '--limit', '3'];
    const result = await misoca(args);
    expect(result.code).toBe(0);
    const items = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(items).toHaveLength(3);
    expect(items.every((invoice) => invoice.payment_status === 1)).toBe(true);
    expect(
      seen('GET /invoices')
        .slice(before)
        .map((call) => call.query.payment_status),
    ).toEqual(['paid']);
  });

  it('invoices get --id prints the invoice, numbers converted by the SDK', async () => {
    const invoice = recording.emulator.state.invoices[3]!;
    const result = await misoca(['invoices', 'get', '--id', String(invoice.id)]);
    expect(result.code).toBe(0);
    const shown = JSON.parse(result.stdout);
    expect(shown).toMatchObject({ id: invoice.id, subject: invoice.subject });
    expect(typeof shown.body.total_amount).toBe('number');
    const file = join(dirname(home), 'invoice.json');
    const saved = await misoca(['invoices', 'get', '--id', String(invoice.id), '-o', file]);
    expect(saved.stdout).toBe('');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(shown);
  });

  it('invoices pdf --id -o FILE writes the PDF the sandbox serves', async () => {
    const invoice = recording.emulator.state.invoices[5]!;
    const file = join(dirname(home), 'invoice.pdf');
    const result = await misoca(['invoices', 'pdf', '--id', String(invoice.id), '-o', file]);
    expect(result.code).toBe(0);
    const written = await readFile(file);
    expect(written.subarray(0, 4).toString()).toBe('%PDF');
    expect(written.equals(await buildPdf('invoice', invoice))).toBe(true);
    expect(result.stderr).toContain(`Wrote ${written.byteLength} bytes to ${file}`);
    expect(result.stdout).toBe('');
  });

  it('contacts create --body - sends the JSON from stdin; the contact is then listed', async () => {
    const body = { recipient_name: '株式会社テスト商会', recipient_title: '御中', memo: 'cli' };
    const result = await misoca(['contacts', 'create', '--body', '-'], JSON.stringify(body));
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout);
    expect(seen('POST /contact').at(-1)).toMatchObject({ body, requestIssues: [] });
    const listed = await misoca(['contacts', 'list', '--all', '--jq', '.id']);
    expect(listed.stdout.trim().split('\n').map(Number)).toContain(created.id);
  });

  it('builds a JSON body from -f and -F fields (contact-groups alias)', async () => {
    const result = await misoca([
      'contact-groups',
      'create',
      '-f',
      'recipient_name=有限会社フィールド',
      '-F',
      'memo=12',
    ]);
    expect(result.code).toBe(0);
    expect(seen('POST /contact_group').at(-1)?.body).toEqual({
      recipient_name: '有限会社フィールド',
      memo: 12,
    });
  });

  it('refuses usage mistakes with exit 2 before any request', async () => {
    const before = recording.calls.length;
    const missing = await misoca(['invoices', 'get']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--id <integer>' not specified");
    const bogus = await misoca(['invoices', 'list', '--payment_status', 'bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('--payment_status');
    expect(bogus.stderr).toContain('Allowed values are unpaid, paid.');
    const notInteger = await misoca(['invoices', 'get', '--id', '4x']);
    expect(notInteger.code).toBe(2);
    expect(notInteger.stderr).toContain("option '--id <integer>' argument '4x' is invalid");
    const noBody = await misoca(['invoices', 'get', '--id', '1', '-f', 'subject=x']);
    expect(noBody.code).toBe(2);
    expect(noBody.stderr).toContain('invoices.get takes no body, and subject is not one of its parameters');
    const notPaged = await misoca(['user', 'me', '--all']);
    expect(notPaged.code).toBe(2);
    expect(recording.calls.length).toBe(before);
  });

  it('an API error exits 4 with what Misoca said', async () => {
    const result = await misoca(['invoices', 'get', '--id', '999999']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: GET \S+\/api\/v3\/invoice\/999999 answered 404/);
    expect(result.stderr).toContain("Couldn't find Invoice with 'id'=999999");
    expect(seen('GET /invoice/{id}').at(-1)?.status).toBe(404);
  });

  it('--help lists the resources, the methods with METHOD /path, and every spec parameter', async () => {
    const top = await misoca(['--help']);
    expect(top.code).toBe(0);
    const resources = [...top.stdout.matchAll(/^ {2}(\w+)(?:\|[\w-]+)? +\S/gm)].map((match) => match[1]);
    expect(resources).toEqual(
      'user contacts contactGroups invoices estimates deliverySlips dealingItems help'.split(' '),
    );
    const invoices = await misoca(['invoices', '--help']);
    expect(invoices.stdout).toContain('POST /invoice/{id}/send_by_postal_mail');
    expect(invoices.stdout).toContain('sendByPostalMail|send-by-postal-mail');
    const list = await misoca(['invoices', 'list', '--help']);
    expect(list.code).toBe(0);
    const flags = [...list.stdout.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1]);
    // The spec's 15 parameters, in its order, then the flags of every JSON list.
    const spec =
      'type from to due_date_from due_date_to updated_at_from updated_at_to payment_status invoice_status contact_group_id condition order order_by page per_page';
    const own = '--field --typed-field --format --jq --all --limit --output --help';
    expect(flags).toEqual([...spec.split(' ').map((name) => `--${name}`), ...own.split(' ')]);
    expect(list.stdout).toContain('one of unpaid, paid');
    expect(list.stdout).toContain('$ oauthkit misoca invoices list --all --format table');
    const get = await misoca(['invoices', 'get', '--help']);
    expect(get.stdout).toContain('(integer, required)');
  });

  it('uses the profile named after the provider before the one chosen with profile use', async () => {
    await seedHelloAssoProfile(home, recording.sandbox, 'ha');
    expect((await runCli(home, ['profile', 'use', 'ha'])).code).toBe(0);
    const me = await misoca(['user', 'me']);
    expect(me.code).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ id: recording.emulator.state.user.id });
    const tags = await runCli(home, ['helloasso', 'values', 'tags']);
    expect(tags.code).toBe(0);
    expect(recording.sandbox.tokenRequests().helloasso.client_credentials).toBe(1);
    const wrong = await runCli(home, ['misoca', 'user', 'me'], { env: { OAUTHKIT_PROFILE: 'ha' } });
    expect(wrong.code).toBe(2);
  });

  it('a profile without a login exits 3 and says how to log in again', async () => {
    await seedMisocaProfile(home, recording.sandbox, 'misoca-new', false);
    const before = recording.calls.length;
    const result = await misoca(['user', 'me', '--profile', 'misoca-new']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('hint: run oauthkit login --profile misoca-new');
    expect(recording.calls.length).toBe(before);
  });

  it('refuses a profile of another provider with exit 2 and a hint', async () => {
    const result = await runCli(home, ['helloasso', 'values', 'tags', '--profile', 'misoca']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('profile "misoca" is a misoca profile, not helloasso');
    expect(result.stderr).toContain('oauthkit login --provider helloasso');
  });
});
