import { inspect } from 'node:util';

/** The placeholder written where a secret was. */
export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
const SECRET_PARAMS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'password',
  'code',
  'code_verifier',
  'token',
  'device_code',
  'assertion',
]);

/** Whether a header carries a credential and must never be shown. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** Whether a form or query parameter carries a credential and must never be shown. */
export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.has(name.toLowerCase());
}

/**
 * Every form in which `values` (what a request sent: a token, a secret, a password, ...) may come
 * back in an answer, longest first: as sent, form-urlencoded (an echoed form body), URI-encoded and
 * JSON-escaped. Longest first, so that a secret inside another is not replaced before the longer
 * one, which would leave the rest of the longer one visible. Empty values are dropped.
 */
export function secretForms(values: readonly (string | undefined)[]): string[] {
  const forms = new Set<string>();
  for (const value of values) {
    if (value === undefined || value === '') continue;
    forms.add(value);
    forms.add(new URLSearchParams([['', value]]).toString().slice(1));
    forms.add(encodeURIComponent(value));
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of `forms` (from {@link secretForms}) replaced by `[REDACTED]`. */
export function redactSecrets(text: string, forms: readonly string[]): string {
  let result = text;
  for (const form of forms) if (result.includes(form)) result = result.replaceAll(form, REDACTED);
  return result;
}

/**
 * A copy of `headers` with every credential-bearing header replaced by `[REDACTED]`, and with
 * `forms` (from {@link secretForms}) blanked out of every other name and value: a server may echo
 * the token it got in a header of its own (`x-echo-authorization`, `www-authenticate`).
 */
export function redactHeaders<T extends string | readonly string[] | undefined>(
  headers: Record<string, T>,
  forms: readonly string[] = [],
): Record<string, T | typeof REDACTED> {
  const copy: Record<string, T | typeof REDACTED> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (isSecretHeader(name)) copy[name] = REDACTED;
    else if (forms.length === 0) copy[name] = value;
    else copy[redactSecrets(name, forms)] = redactValue(value, forms);
  }
  return copy;
}

function redactValue<T extends string | readonly string[] | undefined>(
  value: T,
  forms: readonly string[],
): T {
  if (typeof value === 'string') return redactSecrets(value, forms) as T;
  if (Array.isArray(value)) return value.map((item: string) => redactSecrets(item, forms)) as unknown as T;
  return value;
}

/** `url` with the values of credential-bearing query parameters replaced by `[REDACTED]`. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url);
  }
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? REDACTED : '';
    parsed.password = parsed.password ? REDACTED : '';
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (isSecretParam(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}

/**
 * Makes `util.inspect` (and so `console.log`) show `view()` instead of `target`'s own fields.
 * The hook is non-enumerable: JSON serialisation and spreading are unchanged.
 */
export function redactInspect<T extends object>(target: T, view: (value: T) => unknown): T {
  Object.defineProperty(target, inspect.custom, {
    enumerable: false,
    value: (_depth: number, options: object) => {
      const shown = inspect(view(target), options);
      const name = target.constructor?.name;
      return name && name !== 'Object' ? `${name} ${shown}` : shown;
    },
  });
  return target;
}
