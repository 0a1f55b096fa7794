import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendQueryString, buildQueryString } from '../../src/http/_query-string.js';

describe('buildQueryString', () => {
  it('repeats array keys, skips undefined/null, writes dates as ISO strings', () => {
    const day = new Date(Date.UTC(2026, 4, 1));
    expect(
      buildQueryString({
        a: [1, undefined, 2],
        b: undefined,
        c: null,
        d: day,
        e: [day],
        f: 10n,
        g: false,
        h: '',
      }),
    ).toBe('a=1&a=2&d=2026-05-01T00%3A00%3A00.000Z&e=2026-05-01T00%3A00%3A00.000Z&f=10&g=false&h=');
    expect(buildQueryString({})).toBe('');
    expect(buildQueryString({ only: undefined, list: [] })).toBe('');
  });

  it('encodes keys and values so that URLSearchParams reads back the same pairs', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.array(fc.string(), { maxLength: 3 })),
        (query) => {
          const parsed = new URLSearchParams(buildQueryString(query));
          const expected = Object.entries(query).flatMap(([key, values]) =>
            values.map((value) => [key, value]),
          );
          expect([...parsed.entries()]).toEqual(expected);
        },
      ),
    );
  });

  it('appends to a path with or without an existing query', () => {
    expect(appendQueryString('/a', 'x=1')).toBe('/a?x=1');
    expect(appendQueryString('/a?y=2', 'x=1')).toBe('/a?y=2&x=1');
    expect(appendQueryString('/a', '')).toBe('/a');
  });
});
