import type { DocumentSheet } from './_pdf-sheet.js';

/** Names under which the embedded fonts are registered with the document. */
export const FONT = { regular: 'jp-regular', bold: 'jp-bold' } as const;

/** A4 in points, with the margins and colours every part of the sheet shares. */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  left: 48,
  right: 547.28,
  bottom: 780,
  ink: '#1f2933',
  muted: '#52606d',
  rule: '#9aa5b1',
  fill: '#e4e9f0',
  accent: '#b42318',
} as const;

/** Where the content of a continuation page starts, under the sandbox notice. */
export const TOP_OF_NEXT_PAGE = 56;

/** Line height of Noto Sans JP is about 1.45 em: used to centre a line in a box. */
const LINE = 1.45;

/** `value` cut with an ellipsis so that it fits `width` at the current font and size. */
export function fit(doc: PDFKit.PDFDocument, value: string, width: number): string {
  if (doc.widthOfString(value) <= width) return value;
  const characters = [...value];
  while (characters.length > 0 && doc.widthOfString(`${characters.join('')}…`) > width) characters.pop();
  return `${characters.join('')}…`;
}

/** One line of text in a box of `width`, cut to fit, never wrapped. */
export function cell(
  doc: PDFKit.PDFDocument,
  value: string,
  x: number,
  y: number,
  width: number,
  align: 'left' | 'right' | 'center' = 'left',
): void {
  doc.text(fit(doc, value, width), x, y, { width, align, lineBreak: false });
}

/** The y at which a line of `size` points sits centred in a row from `top` of `height`. */
export function centred(top: number, height: number, size: number): number {
  return top + (height - size * LINE) / 2;
}

/** The sandbox notice above the content of every page. */
export function drawNotice(doc: PDFKit.PDFDocument, sheet: DocumentSheet): void {
  doc.font(FONT.bold).fontSize(7.5).fillColor(PAGE.accent);
  cell(doc, sheet.sandboxNotice, PAGE.left, 22, PAGE.right - PAGE.left, 'right');
  doc.fillColor(PAGE.ink);
}

/** Number and page count under every page, once all pages exist (the document buffers its pages). */
export function drawPageNumbers(doc: PDFKit.PDFDocument, sheet: DocumentSheet): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    doc.font(FONT.regular).fontSize(7.5).fillColor(PAGE.muted);
    const footer = `${sheet.title} ${sheet.heading[0]?.value ?? ''} — ${index - start + 1} / ${count}`;
    cell(doc, footer, PAGE.left, 806, PAGE.right - PAGE.left, 'center');
  }
}

/** Title, number and dates, addressee, sender, subject and the amount due. Returns where the table starts. */
export function drawHeader(doc: PDFKit.PDFDocument, sheet: DocumentSheet): number {
  // Letter spacing also follows the last character: shift by half of it to stay centred.
  const spacing = 10;
  doc.font(FONT.bold).fontSize(22).fillColor(PAGE.ink);
  doc.text(sheet.title, PAGE.left + spacing / 2, 44, {
    width: PAGE.right - PAGE.left,
    align: 'center',
    characterSpacing: spacing,
    lineBreak: false,
  });

  // Number and dates, top right: label left, value right.
  const metaLeft = 355;
  const metaWidth = PAGE.right - metaLeft;
  let y = 92;
  doc.font(FONT.regular).fontSize(9);
  for (const { label, value } of sheet.heading) {
    doc.fillColor(PAGE.muted);
    cell(doc, label, metaLeft, y, 70);
    doc.fillColor(PAGE.ink);
    cell(doc, value, metaLeft + 70, y, metaWidth - 70, 'right');
    y += 15;
  }

  // Addressee, top left.
  const toWidth = 280;
  y = 100;
  doc.font(FONT.regular).fontSize(9).fillColor(PAGE.muted);
  for (const line of sheet.recipient.address) {
    cell(doc, line, PAGE.left, y, toWidth);
    y += 13;
  }
  y += 6;
  doc.fillColor(PAGE.ink);
  sheet.recipient.names.forEach((line, index) => {
    doc.font(FONT.bold).fontSize(index === 0 ? 14 : 11.5);
    cell(doc, line, PAGE.left, y, toWidth);
    y += index === 0 ? 22 : 18;
  });
  doc
    .moveTo(PAGE.left, y + 2)
    .lineTo(PAGE.left + toWidth, y + 2)
    .lineWidth(0.8)
    .strokeColor(PAGE.ink)
    .stroke();
  y += 14;

  doc.font(FONT.regular).fontSize(10);
  if (sheet.subject) {
    cell(doc, `件名　${sheet.subject}`, PAGE.left, y, toWidth);
    y += 18;
  }
  cell(doc, sheet.lead, PAGE.left, y, toWidth);
  y += 24;

  // The amount due, boxed.
  doc.rect(PAGE.left, y, toWidth, 34).fillColor(PAGE.fill).fill();
  doc.fillColor(PAGE.ink).font(FONT.bold).fontSize(10.5);
  cell(doc, sheet.total.label, PAGE.left + 10, centred(y, 34, 10.5), 120);
  doc.fontSize(17);
  cell(doc, sheet.total.value, PAGE.left + 120, centred(y, 34, 17), toWidth - 130, 'right');
  const afterTotal = y + 34;

  // Sender, right, under the dates.
  y = 160;
  doc.font(FONT.bold).fontSize(11).fillColor(PAGE.ink);
  cell(doc, sheet.sender.name, metaLeft, y, metaWidth);
  y += 19;
  doc.font(FONT.regular).fontSize(8.5);
  for (const line of sheet.sender.details) {
    cell(doc, line, metaLeft, y, metaWidth);
    y += 13;
  }
  return Math.max(afterTotal, y) + 22;
}
