import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@oauthkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, postForm } from '../../packages/sandbox/test/support/sandbox-helpers.js';

// The Misoca emulation's PDFs as a client downloads them: over HTTP, with a real token, then read
// with poppler's pdftotext as a person's viewer would show them.
let sandbox: Sandbox;
let token: string;
let work: string;

interface Item {
  name: string;
  tax_type: string;
}
interface Document {
  id: number;
  contact_id: number;
  items: Item[];
  body: { total_amount_including_tax: string };
}

beforeAll(async () => {
  sandbox = await startSandbox({ autoApprove: true, seed: 5 });
  work = mkdtempSync(join(tmpdir(), 'oauthkit-misoca-pdf-'));
  const { username, password } = sandbox.misoca.user;
  const answer = await postForm(
    sandbox.misoca.tokenUrl,
    { grant_type: 'password', username, password, scope: 'read' },
    { id: sandbox.misoca.clientId, secret: sandbox.misoca.clientSecret },
  );
  token = ((await answer.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await sandbox?.close();
});

async function json<T>(path: string): Promise<T> {
  const answer = await get(`${sandbox.misoca.baseUrl}${path}`, token);
  expect(answer.status).toBe(200);
  return (await answer.json()) as T;
}

async function pdf(path: string, headers: Record<string, string> = {}) {
  const answer = await fetch(`${sandbox.misoca.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return {
    status: answer.status,
    etag: answer.headers.get('etag'),
    bytes: Buffer.from(await answer.arrayBuffer()),
  };
}

/** The text poppler extracts from a PDF (it fails on a file it cannot parse). */
function pdftotext(bytes: Buffer): string {
  const file = join(work, `${createHash('sha1').update(bytes).digest('hex')}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** `¥291,500`, computed here independently of the sandbox's formatter. */
function yen(amount: string): string {
  return `¥${Math.round(Number(amount)).toLocaleString('en-US')}`;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('Misoca PDFs through the sandbox API', () => {
  it('serve a valid PDF with an embedded Japanese font subset', async () => {
    const [invoice] = await json<Document[]>('/invoices?per_page=1');
    const { status, bytes } = await pdf(`/invoice/${invoice!.id}/pdf`);
    expect(status).toBe(200);
    const raw = bytes.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(raw).toMatch(/\/Subtype \/Type0/);
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/);
    // Noto Sans JP is 5.5 MB per weight: a subset of the glyphs used keeps the document small.
    expect(bytes.length).toBeLessThan(150_000);
  });

  it('answer the same bytes for the same invoice, with an ETag and 304 for it', async () => {
    const [invoice] = await json<Document[]>('/invoices?per_page=1');
    const path = `/invoice/${invoice!.id}/pdf`;
    const first = await pdf(path);
    const second = await pdf(path);
    expect(sha256(second.bytes)).toBe(sha256(first.bytes));
    expect(first.etag).toBe(`"${createHash('sha1').update(first.bytes).digest('hex')}"`);
    expect(second.etag).toBe(first.etag);
    const cached = await pdf(path, { 'if-none-match': first.etag ?? '' });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    const stale = await pdf(path, { 'if-none-match': '"not-this-one"' });
    expect(stale.status).toBe(200);
    expect(sha256(stale.bytes)).toBe(sha256(first.bytes));
  });

  it('show the title, the contact, the items and the total the API returns', async () => {
    const invoices = await json<Document[]>('/invoices?per_page=5');
    for (const invoice of invoices) {
      const contact = await json<{ recipient_name: string }>(`/contact/${invoice.contact_id}`);
      const text = pdftotext((await pdf(`/invoice/${invoice.id}/pdf`)).bytes);
      expect(text).toMatch(/請\s*求\s*書/);
      expect(text).toContain('SANDBOX');
      expect(text).toContain(contact.recipient_name);
      expect(text).toContain(invoice.items[0]!.name);
      expect(text).toContain(yen(invoice.body.total_amount_including_tax));
    }
  });

  it('state the tax of reduced-rate (8%) items on its own line', async () => {
    const invoices = await json<Document[]>('/invoices?per_page=100');
    const reduced = invoices.find((invoice) =>
      invoice.items.some((item) => item.tax_type === 'REDUCED_TAX_8'),
    );
    expect(reduced, 'the seed has an invoice with a reduced-rate item').toBeDefined();
    const text = pdftotext((await pdf(`/invoice/${reduced!.id}/pdf`)).bytes);
    expect(text).toContain('消費税（8%）');
    expect(text).toContain('軽減税率');
  });

  it.each([
    ['estimates', 'estimate', /見\s*積\s*書/],
    ['delivery_slips', 'delivery_slip', /納\s*品\s*書/],
  ])('render %s with their own title, contact and total', async (list, kind, title) => {
    const [document] = await json<Document[]>(`/${list}?per_page=1`);
    const contact = await json<{ recipient_name: string }>(`/contact/${document!.contact_id}`);
    const text = pdftotext((await pdf(`/${kind}/${document!.id}/pdf`)).bytes);
    expect(text).toMatch(title);
    expect(text).not.toMatch(/請\s*求\s*書/);
    expect(text).toContain(contact.recipient_name);
    expect(text).toContain(yen(document!.body.total_amount_including_tax));
  });
});
