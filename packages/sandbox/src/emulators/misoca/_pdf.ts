import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ProviderApiRequest, ProviderApiResponse } from '../../provider-api.js';
import { drawHeader, drawNotice, drawPageNumbers, FONT, PAGE, TOP_OF_NEXT_PAGE } from './_pdf-layout.js';
import { type DocumentSheet, documentSheet } from './_pdf-sheet.js';
import { drawFootnotes, drawItems, drawTotals } from './_pdf-table.js';
import type { MisocaDocumentKind, MisocaEntity } from './_types.js';

// Noto Sans JP (SIL Open Font License 1.1), as the static TrueType files of this npm package.
const FONT_PACKAGE = '@expo-google-fonts/noto-sans-jp';
const require = createRequire(import.meta.url);
const fontFile = (weight: string) => require.resolve(`${FONT_PACKAGE}/${weight}/NotoSansJP_${weight}.ttf`);

type PdfKit = typeof import('pdfkit');
interface Toolkit {
  PDFDocument: PdfKit;
  regular: Buffer;
  bold: Buffer;
}

/** PDFKit and the fonts are loaded on the first PDF only, so starting the sandbox stays fast. */
let toolkit: Promise<Toolkit> | undefined;

async function loadToolkit(): Promise<Toolkit> {
  const [module, regular, bold] = await Promise.all([
    import('pdfkit'),
    readFile(fontFile('400Regular')),
    readFile(fontFile('700Bold')),
  ]);
  return { PDFDocument: module.default, regular, bold };
}

function render({ PDFDocument, regular, bold }: Toolkit, sheet: DocumentSheet): Promise<Buffer> {
  const number = sheet.heading[0]?.value ?? '';
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20, bottom: 20, left: PAGE.left, right: PAGE.width - PAGE.right },
    pdfVersion: '1.4',
    lang: 'ja-JP',
    displayTitle: true,
    bufferPages: true,
    // Fixed metadata (no "now"): the same document gives the same bytes, and so the same ETag.
    info: {
      Title: `${sheet.title} ${number}`,
      Subject: sheet.subject,
      Author: sheet.sender.name,
      Keywords: 'SANDBOX',
      Creator: 'oauthkit sandbox (Misoca API v3 emulation)',
      Producer: 'PDFKit',
      CreationDate: sheet.createdAt,
      ModDate: sheet.createdAt,
    },
  });
  // Fonts are embedded as subsets of the glyphs used (the unused default Helvetica is not written).
  doc.registerFont(FONT.regular, regular);
  doc.registerFont(FONT.bold, bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const pdf = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawNotice(doc, sheet);
  const newPage = () => {
    doc.addPage();
    drawNotice(doc, sheet);
    return TOP_OF_NEXT_PAGE;
  };
  let y = drawHeader(doc, sheet);
  y = drawItems(doc, sheet, y, newPage);
  y = drawTotals(doc, sheet, y, newPage);
  drawFootnotes(doc, sheet, y, newPage);
  drawPageNumbers(doc, sheet);
  doc.end();
  return pdf;
}

/**
 * Renders an invoice (請求書), estimate (見積書) or delivery slip (納品書) as an A4 PDF a person would
 * accept as a sandbox document: addressee with 御中/様, sender, line items, subtotal, tax per rate,
 * total, notes, in Noto Sans JP (embedded as a subset), marked as a sandbox document. The bytes depend
 * only on the document: no clock is read.
 */
export async function buildPdf(kind: MisocaDocumentKind, document: MisocaEntity): Promise<Buffer> {
  toolkit ??= loadToolkit();
  return render(await toolkit, documentSheet(kind, document));
}

/** Answers a PDF download with an ETag, and 304 when the client already has it (as Misoca's apps rely on). */
export function pdfResponse(request: ProviderApiRequest, filename: string, pdf: Buffer): ProviderApiResponse {
  const etag = `"${createHash('sha1').update(pdf).digest('hex')}"`;
  if (request.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
  return {
    status: 200,
    contentType: 'application/pdf',
    headers: { etag, 'content-disposition': `inline; filename="${filename}"` },
    body: pdf,
  };
}
