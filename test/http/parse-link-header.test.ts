import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLink, parseLinkHeader } from '../../src/http/pagination/parse-link-header.js';

describe('parseLinkHeader', () => {
  it('reads the Misoca example', () => {
    const header =
      '<https://app.misoca.jp/api/v3/estimates?page=31>; rel="last", <https://app.misoca.jp/api/v3/estimates?page=2>; rel="next"';
    expect(findLink(header, 'next')).toBe('https://app.misoca.jp/api/v3/estimates?page=2');
    expect(findLink(header, 'last')).toBe('https://app.misoca.jp/api/v3/estimates?page=31');
    expect(findLink(header, 'prev')).toBeUndefined();
  });

  it('handles relative targets, unquoted and multi-valued rel, commas in quoted values, several headers', () => {
    const links = parseLinkHeader([
      '</items?page=2>;rel=next;title="a, b; c", </items?page=1>; REL="first prev"',
      '<https://x.test/help>; rel=help; rel=ignored',
    ]);
    expect(links).toEqual([
      { target: '/items?page=2', params: { rel: 'next', title: 'a, b; c' }, rels: ['next'] },
      { target: '/items?page=1', params: { rel: 'first prev' }, rels: ['first', 'prev'] },
      { target: 'https://x.test/help', params: { rel: 'help' }, rels: ['help'] },
    ]);
  });

  it('skips malformed parts without losing the next link', () => {
    expect(findLink('garbage, <a>; rel="x" junk junk, <b>; rel="next"', 'next')).toBe('b');
    expect(parseLinkHeader('<unterminated; rel=next')).toEqual([]);
    expect(parseLinkHeader(undefined)).toEqual([]);
  });

  const token = fc.stringMatching(/^[a-z][a-z0-9!#$%&'*+.^_`|~-]{0,10}$/);
  const target = fc.stringMatching(/^[^<>\s]{0,30}$/);
  const quoted = fc.string({ maxLength: 20 });
  const link = fc.record({
    target,
    rel: fc.array(token, { minLength: 1, maxLength: 3 }),
    extra: fc.dictionary(
      token.filter((name) => name !== 'rel'),
      quoted,
      { maxKeys: 3 },
    ),
  });

  it('round-trips any well-formed header', () => {
    fc.assert(
      fc.property(
        fc.array(link, { maxLength: 5 }),
        fc.constantFrom(', ', ',', ' ,  '),
        (links, separator) => {
          const header = links
            .map((value) => {
              const params = Object.entries(value.extra).map(
                ([name, text]) => `; ${name}="${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
              );
              return `<${value.target}>; rel="${value.rel.join(' ')}"${params.join('')}`;
            })
            .join(separator);
          const parsed = parseLinkHeader(header);
          expect(parsed.map((value) => value.target)).toEqual(links.map((value) => value.target));
          expect(parsed.map((value) => value.rels)).toEqual(links.map((value) => value.rel));
          parsed.forEach((value, index) => {
            expect(value.params).toEqual({ rel: links[index]?.rel.join(' '), ...links[index]?.extra });
          });
        },
      ),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        for (const value of parseLinkHeader(header)) {
          expect(typeof value.target).toBe('string');
          expect(Array.isArray(value.rels)).toBe(true);
        }
      }),
    );
  });
});
