/**
 * The human-readable messages of HelloAsso's three error bodies:
 * `{ errors: [{ code, message }] }` (the API), `{ title, errors: { field: [...] } }` (validation
 * problems, RFC 9457) and `{ error, error_description }` (the token endpoint, RFC 6749 §5.2).
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export function helloAssoErrorMessages(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return typeof body === 'string' && body ? [body] : [];
  const shape = body as { errors?: unknown; title?: unknown; error?: unknown; error_description?: unknown };
  const messages: string[] = [];
  if (Array.isArray(shape.errors)) {
    for (const entry of shape.errors) {
      const { code, message } = (entry ?? {}) as { code?: unknown; message?: unknown };
      const text = [code, message].filter((part) => typeof part === 'string' && part !== '').join(': ');
      if (text) messages.push(text);
    }
  } else if (shape.errors !== null && typeof shape.errors === 'object') {
    if (typeof shape.title === 'string') messages.push(shape.title);
    for (const [field, list] of Object.entries(shape.errors as Record<string, unknown>)) {
      for (const text of Array.isArray(list) ? list : [list]) messages.push(`${field}: ${String(text)}`);
    }
  } else if (typeof shape.error === 'string') {
    messages.push(
      typeof shape.error_description === 'string'
        ? `${shape.error}: ${shape.error_description}`
        : shape.error,
    );
  } else if (typeof shape.title === 'string') {
    messages.push(shape.title);
  }
  return messages;
}
