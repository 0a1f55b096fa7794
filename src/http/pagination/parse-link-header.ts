/** One link of a `Link` header: its target as written and its parameters (names lower-cased). */
export interface LinkValue {
  target: string;
  /** Parameters; only the first occurrence of a name counts (RFC 8288 §3). */
  params: Record<string, string>;
  /** The `rel` parameter split into lower-cased relation types. */
  rels: string[];
}

const WHITESPACE = new Set([' ', '\t']);
const TOKEN_END = new Set([' ', '\t', ';', ',', '=']);

/**
 * Parses an HTTP `Link` header (several headers may be given as an array). Malformed parts are
 * skipped rather than thrown on, since one bad link must not hide the `next` one.
 * @see https://www.rfc-editor.org/rfc/rfc8288#section-3
 */
export function parseLinkHeader(header: string | readonly string[] | undefined): LinkValue[] {
  if (header === undefined) return [];
  const text = typeof header === 'string' ? header : header.join(', ');
  const links: LinkValue[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open === -1) break;
    const close = text.indexOf('>', open + 1);
    if (close === -1) break;
    const link: LinkValue = { target: text.slice(open + 1, close).trim(), params: {}, rels: [] };
    i = close + 1;
    for (;;) {
      i = skip(text, i, WHITESPACE);
      if (text[i] !== ';') break;
      i = skip(text, i + 1, WHITESPACE);
      let end = i;
      while (end < text.length && !TOKEN_END.has(text[end] as string)) end++;
      const name = text.slice(i, end).toLowerCase();
      i = skip(text, end, WHITESPACE);
      let value = '';
      if (text[i] === '=') {
        i = skip(text, i + 1, WHITESPACE);
        [value, i] = text[i] === '"' ? readQuoted(text, i + 1) : readToken(text, i);
      }
      if (name !== '' && !(name in link.params)) link.params[name] = value;
    }
    const rel = link.params.rel;
    if (rel !== undefined) link.rels = rel.toLowerCase().split(/\s+/).filter(Boolean);
    links.push(link);
    // Anything after the parameters up to the next comma is not valid; skip it.
    const comma = nextComma(text, i);
    i = comma === -1 ? text.length : comma + 1;
  }
  return links;
}

/** The target of the first link with relation `rel` (`"next"`), if any. */
export function findLink(header: string | readonly string[] | undefined, rel: string): string | undefined {
  const wanted = rel.toLowerCase();
  return parseLinkHeader(header).find((link) => link.rels.includes(wanted))?.target;
}

function skip(text: string, from: number, chars: Set<string>): number {
  let i = from;
  while (i < text.length && chars.has(text[i] as string)) i++;
  return i;
}

function readToken(text: string, from: number): [string, number] {
  let end = from;
  while (end < text.length && !TOKEN_END.has(text[end] as string)) end++;
  return [text.slice(from, end), end];
}

function readQuoted(text: string, from: number): [string, number] {
  let value = '';
  let i = from;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i];
    i++;
  }
  return [value, i + 1];
}

function nextComma(text: string, from: number): number {
  let inQuotes = false;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && inQuotes) i++;
    else if (char === '"') inQuotes = !inQuotes;
    else if (char === ',' && !inQuotes) return i;
  }
  return -1;
}
