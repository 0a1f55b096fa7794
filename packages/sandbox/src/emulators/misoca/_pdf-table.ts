import { cell, centred, FONT, PAGE } from './_pdf-layout.js';
import type { DocumentSheet, SheetItem } from './_pdf-sheet.js';

/** Columns of the item table: they span the page between the margins. */
const COLUMNS = [
  { title: '品名', width: 215, align: 'left', value: (item: SheetItem) => item.name },
  { title: '数量', width: 62, align: 'right', value: (item: SheetItem) => item.quantity },
  { title: '単位', width: 42, align: 'center', value: (item: SheetItem) => item.unit },
  { title: '単価', width: 80, align: 'right', value: (item: SheetItem) => item.unitPrice },
  { title: '金額', width: 100.28, align: 'right', value: (item: SheetItem) => item.amount },
] as const;

const HEADER_HEIGHT = 20;
const ROW_HEIGHT = 22;
const PADDING = 6;
/** A short table is filled up with empty rows, as on a printed form. */
const MINIMUM_ROWS = 6;

/** Draws the page's frame on a new page and says where its content starts. */
export type NewPage = () => number;

function drawTableHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc
    .rect(PAGE.left, y, PAGE.right - PAGE.left, HEADER_HEIGHT)
    .fillColor(PAGE.fill)
    .fill();
  doc.font(FONT.bold).fontSize(9).fillColor(PAGE.ink);
  let x = PAGE.left;
  for (const column of COLUMNS) {
    cell(doc, column.title, x + PADDING, centred(y, HEADER_HEIGHT, 9), column.width - 2 * PADDING, 'center');
    x += column.width;
  }
  return y + HEADER_HEIGHT;
}

function drawRow(doc: PDFKit.PDFDocument, item: SheetItem | undefined, y: number): void {
  doc.font(FONT.regular).fontSize(9).fillColor(PAGE.ink);
  let x = PAGE.left;
  for (const column of COLUMNS) {
    if (item) {
      const value = column.value(item);
      const shown = column.title === '品名' && item.reduced ? `${value} ※` : value;
      cell(doc, shown, x + PADDING, centred(y, ROW_HEIGHT, 9), column.width - 2 * PADDING, column.align);
    }
    x += column.width;
  }
  doc
    .moveTo(PAGE.left, y + ROW_HEIGHT)
    .lineTo(PAGE.right, y + ROW_HEIGHT)
    .lineWidth(0.4)
    .strokeColor(PAGE.rule)
    .stroke();
}

/** The column rules and the outline of a table part from `top` to `bottom`. */
function drawGrid(doc: PDFKit.PDFDocument, top: number, bottom: number): void {
  doc.lineWidth(0.4).strokeColor(PAGE.rule);
  let x = PAGE.left;
  for (const column of COLUMNS.slice(0, -1)) {
    x += column.width;
    doc.moveTo(x, top).lineTo(x, bottom).stroke();
  }
  doc
    .rect(PAGE.left, top, PAGE.right - PAGE.left, bottom - top)
    .lineWidth(0.8)
    .strokeColor(PAGE.ink)
    .stroke();
}

/** The item table from `y`, continued on new pages (header repeated) when it is long. Returns its bottom. */
export function drawItems(
  doc: PDFKit.PDFDocument,
  sheet: DocumentSheet,
  y: number,
  newPage: NewPage,
): number {
  let top = y;
  let rowTop = drawTableHeader(doc, top);
  const rows = Math.max(MINIMUM_ROWS, sheet.items.length);
  for (let index = 0; index < rows; index++) {
    if (rowTop + ROW_HEIGHT > PAGE.bottom) {
      drawGrid(doc, top, rowTop);
      top = newPage();
      rowTop = drawTableHeader(doc, top);
    }
    drawRow(doc, sheet.items[index], rowTop);
    rowTop += ROW_HEIGHT;
  }
  drawGrid(doc, top, rowTop);
  return rowTop;
}

/** Subtotal, tax per rate and total, right-aligned under the table. Returns its bottom. */
export function drawTotals(
  doc: PDFKit.PDFDocument,
  sheet: DocumentSheet,
  y: number,
  newPage: NewPage,
): number {
  const height = 18;
  let top = y + 10;
  if (top + height * sheet.totals.length > PAGE.bottom) top = newPage();
  const width = 230;
  const left = PAGE.right - width;
  sheet.totals.forEach(({ label, value }, index) => {
    const last = index === sheet.totals.length - 1;
    if (last)
      doc
        .rect(left, top, width, height + 4)
        .fillColor(PAGE.fill)
        .fill();
    doc
      .font(last ? FONT.bold : FONT.regular)
      .fontSize(last ? 10.5 : 9)
      .fillColor(PAGE.ink);
    const rowHeight = last ? height + 4 : height;
    cell(doc, label, left + PADDING, centred(top, rowHeight, last ? 10.5 : 9), 120);
    cell(doc, value, left + 120, centred(top, rowHeight, last ? 10.5 : 9), width - 120 - PADDING, 'right');
    doc
      .moveTo(left, top + rowHeight)
      .lineTo(PAGE.right, top + rowHeight)
      .lineWidth(last ? 0.8 : 0.4)
      .strokeColor(last ? PAGE.ink : PAGE.rule)
      .stroke();
    top += rowHeight;
  });
  return top;
}

/** 振込先 and 備考: each a labelled box over the page's width, its text wrapped. Returns the bottom. */
export function drawFootnotes(
  doc: PDFKit.PDFDocument,
  sheet: DocumentSheet,
  y: number,
  newPage: NewPage,
): number {
  let top = y + 18;
  const width = PAGE.right - PAGE.left;
  for (const note of sheet.footnotes) {
    doc.font(FONT.regular).fontSize(9);
    const body = note.lines.join('\n');
    const textHeight = body === '' ? 0 : doc.heightOfString(body, { width: width - 2 * PADDING, lineGap: 2 });
    const boxHeight = Math.max(46, textHeight + 12);
    if (top + 18 + boxHeight > PAGE.bottom) top = newPage();
    doc.font(FONT.bold).fontSize(9).fillColor(PAGE.ink);
    cell(doc, note.label, PAGE.left, top, width);
    top += 16;
    doc.rect(PAGE.left, top, width, boxHeight).lineWidth(0.6).strokeColor(PAGE.rule).stroke();
    doc.font(FONT.regular).fontSize(9).fillColor(PAGE.ink);
    if (body !== '') doc.text(body, PAGE.left + PADDING, top + 6, { width: width - 2 * PADDING, lineGap: 2 });
    top += boxHeight + 12;
  }
  return top;
}
