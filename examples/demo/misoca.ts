import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sandbox } from '@oauthkit/sandbox';
import { Misoca } from 'oauthkit/misoca';

/** What the Misoca part of the demo did. */
export interface MisocaDemoResult {
  email: string;
  scope: string;
  contacts: number;
  firstContact: string;
  invoiceId: number;
  invoiceNumber: string;
  invoiceTotal: number;
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
  // The sandbox descriptor carries siteUrl, clientId and clientSecret: the SDK derives the rest.
  const misoca = new Misoca({ ...sandbox.misoca, scopes: ['write'] });
  try {
    const login = await misoca.login({ open: false, onUrl: followAuthorization, timeoutMs: 30_000 });
    const me = await misoca.user.me();
    const contacts = await misoca.contacts.list();
    const contact = contacts[0];
    if (!contact?.id) throw new Error('The sandbox returned no Misoca contacts.');
    const invoice = await misoca.invoices.create({
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
    });
    const pdf = await misoca.invoices.pdf({ id: invoice.id! });
    await mkdir(outputDir, { recursive: true });
    const pdfPath = join(outputDir, `misoca-invoice-${invoice.invoice_number}.pdf`);
    await writeFile(pdfPath, pdf);
    return {
      email: me.email ?? '',
      scope: login.scopes.join(' '),
      contacts: contacts.length,
      firstContact: contact.recipient_name ?? String(contact.id),
      invoiceId: invoice.id!,
      invoiceNumber: invoice.invoice_number ?? '',
      // A number already: the SDK converts Misoca's numeric strings ("291500.0") by the spec's types.
      invoiceTotal: invoice.body?.total_amount_including_tax ?? 0,
      pdfPath,
      pdfBytes: pdf.byteLength,
    };
  } finally {
    await misoca.api.close();
  }
}
