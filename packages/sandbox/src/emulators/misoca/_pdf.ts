import { createHash } from 'node:crypto';
import type { ProviderApiRequest, ProviderApiResponse } from '../../provider-api.js';

function escapeText(text: string): string {
  // The built-in Helvetica font only covers WinAnsi; other characters are replaced rather than mis-encoded.
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
}

/**
 * Builds a minimal, valid one-page PDF 1.4 (A4, Helvetica) with the given lines of text: a catalog, a
 * page tree, one page, its content stream, a font and an info dictionary, followed by a cross-reference
 * table whose offsets are the exact byte positions of the objects, so any PDF reader opens it.
 */
export function buildPdf(title: string, lines: readonly string[]): Buffer {
  const text = lines
    .map(
      (line, index) =>
        `BT /F1 ${index === 0 ? 20 : 12} Tf 56 ${780 - index * 26} Td (${escapeText(line)}) Tj ET`,
    )
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Title (${escapeText(title)}) /Producer (oauthkit sandbox) >>`,
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
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
