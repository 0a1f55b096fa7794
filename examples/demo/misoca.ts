import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sandbox } from '@oauthkit/sandbox';
import { ApiClient, OAuth2Client, TokenManager } from 'oauthkit';

/** What the Misoca part of the demo did. */
export interface MisocaDemoResult {
  email: string;
  scope: string;
  contacts: number;
  firstContact: string;
  invoiceId: number;
  invoiceNumber: string;
  invoiceTotal: string;
  pdfPath: string;
  pdfBytes: number;
}

/**
 * The browser login with no browser: with `autoApprove`, the authorize URL answers with a
 * redirect straight to the loopback callback, so following it with an HTTP client completes it.
 */
async function followAuthorization(url: string): Promise<void> {
  const authorize = await fetch(url, { redirect: 'manual' });
  const callback = authorize.headers.get('location');
  await authorize.arrayBuffer();
  if (authorize.status !== 302 || !callback) {
    throw new Error(
      `The sandbox did not redirect (HTTP ${authorize.status}); start it with autoApprove: true.`,
    );
  }
  await (await fetch(callback)).arrayBuffer();
}

function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Logs in to the sandbox's Misoca through the browser flow, lists contacts, creates an invoice, saves its PDF. */
export async function runMisocaDemo(sandbox: Sandbox, outputDir: string): Promise<MisocaDemoResult> {
  const { misoca } = sandbox;
  const client = new OAuth2Client({
    tokenEndpoint: misoca.tokenUrl,
    authorizationEndpoint: misoca.authorizeUrl,
    revocationEndpoint: misoca.revokeUrl,
    clientId: misoca.clientId,
    clientSecret: misoca.clientSecret,
    scopes: ['write'],
  });
  const tokenSet = await client.authorizeInBrowser({
    open: false,
    onUrl: followAuthorization,
    timeoutMs: 30_000,
  });
  const tokens = new TokenManager({ client });
  await tokens.setTokens(tokenSet);
  const api = new ApiClient({ baseUrl: misoca.baseUrl, auth: tokens });

  const me = await api.get<{ email: string }>('/user/me');
  const contacts = (await api.get<Array<{ id: number; recipient_name?: string }>>('/contacts')).data;
  const contact = contacts[0];
  if (!contact) throw new Error('The sandbox returned no Misoca contacts.');
  const invoice = (
    await api.post<{ id: number; invoice_number: string; body: { total_amount_including_tax: string } }>(
      '/invoice',
      {
        body: {
          contact_id: contact.id,
          issue_date: today(),
          payment_due_on: today(30),
          subject: 'oauthkit demo: consulting',
          items: [
            {
              name: 'OAuth2 integration',
              quantity: 3,
              unit_price: 80000,
              unit_name: '人日',
              tax_type: 'STANDARD_TAX_10',
            },
            {
              name: 'Sandbox setup',
              quantity: 1,
              unit_price: 25000,
              unit_name: '式',
              tax_type: 'STANDARD_TAX_10',
            },
          ],
        },
      },
    )
  ).data;
  const pdf = (await api.get<Uint8Array>(`/invoice/${invoice.id}/pdf`, { responseType: 'bytes' })).data;
  await mkdir(outputDir, { recursive: true });
  const pdfPath = join(outputDir, `misoca-invoice-${invoice.invoice_number}.pdf`);
  await writeFile(pdfPath, pdf);
  return {
    email: me.data.email,
    scope: tokenSet.scope ?? '',
    contacts: contacts.length,
    firstContact: contact.recipient_name ?? String(contact.id),
    invoiceId: invoice.id,
    invoiceNumber: invoice.invoice_number,
    invoiceTotal: invoice.body.total_amount_including_tax,
    pdfPath,
    pdfBytes: pdf.byteLength,
  };
}
