import { defaultErrorMessages } from '../../errors/from-response.js';

// Misoca answers a refused API call with `{ "reasons": ["..."] }` (ApiEntity_Error in its spec),
// in Japanese for validation problems (「発行日を入力してください」). The token endpoint answers with
// OAuth's `{ error, error_description }` instead (RFC 6749 §5.2), which the common shapes cover.
// Empty or non-string reasons are dropped.

/**
 * The messages of a Misoca error body: its `{ "reasons": [...] }` (ApiEntity_Error), else the
 * common shapes (an OAuth error from the token layer, a short text).
 */
export function misocaErrorMessages(body: unknown): string[] {
  if (body !== null && typeof body === 'object' && Array.isArray((body as { reasons?: unknown }).reasons)) {
    const reasons = (body as { reasons: unknown[] }).reasons.filter(
      (reason): reason is string => typeof reason === 'string' && reason.length > 0,
    );
    if (reasons.length > 0) return reasons;
  }
  return defaultErrorMessages(body);
}
