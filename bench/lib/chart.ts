// The hot-path rows as one SVG bar chart (bench/hot-path.svg), drawn from the run's medians.

/** One bar: a label and a value (µs of client CPU per request). */
export interface ChartBar {
  label: string;
  value: number;
  /** Drawn in the accent colour (oauthkit's own rows). */
  highlight?: boolean;
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A horizontal bar chart, smallest value on top, with each value written at the end of its bar. */
export function renderHotPathChart(bars: readonly ChartBar[], title: string): string {
  const shown = bars.filter((bar) => Number.isFinite(bar.value)).sort((a, b) => a.value - b.value);
  const labelWidth = 430;
  const barArea = 420;
  const rowHeight = 30;
  const top = 48;
  const width = labelWidth + barArea + 90;
  const height = top + shown.length * rowHeight + 36;
  const max = Math.max(...shown.map((bar) => bar.value), 1);
  const rows = shown.map((bar, index) => {
    const y = top + index * rowHeight;
    const length = Math.max(2, (bar.value / max) * barArea);
    const fill = bar.highlight ? '#2463eb' : '#9aa4b2';
    return [
      `<text x="${labelWidth - 10}" y="${y + 19}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 5}" width="${length.toFixed(1)}" height="${rowHeight - 10}" rx="3" fill="${fill}"/>`,
      `<text x="${(labelWidth + length + 8).toFixed(1)}" y="${y + 19}">${bar.value.toFixed(1)} µs</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="28" font-size="16" font-weight="600">${escapeXml(title)}</text>`,
    ...rows,
    `<text x="16" y="${height - 12}" fill="#555">Client CPU per authenticated GET (user + system), median of interleaved runs; shorter is better.</text>`,
    '</svg>',
    '',
  ].join('\n');
}
