import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector, FaultRule } from './faults.js';
import { parseJsonBody, readBody, sendJson } from './http-messages.js';

/**
 * Reads a fault rule sent as JSON. `path` is a prefix; `pathPattern` a regular expression
 * source; `times` a number or `"Infinity"` (JSON has no Infinity).
 */
export function parseFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('A fault rule must be a JSON object.');
  }
  const raw = input as Record<string, unknown>;
  let path: string | RegExp;
  if (typeof raw.pathPattern === 'string') path = new RegExp(raw.pathPattern);
  else if (typeof raw.path === 'string' && raw.path.startsWith('/')) path = raw.path;
  else
    throw new TypeError('A fault rule needs "path" (a prefix starting with /) or "pathPattern" (a regex).');
  const rule: FaultRule = { path };
  if (typeof raw.method === 'string') rule.method = raw.method;
  const times = raw.times === 'Infinity' || raw.times === null ? Number.POSITIVE_INFINITY : raw.times;
  for (const [key, value] of [
    ['status', raw.status],
    ['times', times],
    ['delayMs', raw.delayMs],
    ['retryAfterSeconds', raw.retryAfterSeconds],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value))
      throw new TypeError(`Fault rule field "${key}" must be a number.`);
    rule[key] = value;
  }
  if (raw.drop !== undefined) rule.drop = raw.drop === true;
  if (raw.malformed !== undefined) rule.malformed = raw.malformed === true;
  if (raw.body !== undefined) rule.body = raw.body;
  return rule;
}

/**
 * `/_sandbox/faults` for users in other languages: `GET` lists the active rules, `POST` adds
 * one rule or an array of rules (JSON), `DELETE` clears them all.
 */
export async function handleFaultAdmin(
  faults: FaultInjector,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method === 'GET') {
    sendJson(response, 200, { faults: faults.list().map(({ rule: _rule, ...summary }) => summary) });
    return;
  }
  if (request.method === 'DELETE') {
    faults.clear();
    sendJson(response, 200, { faults: [] });
    return;
  }
  if (request.method !== 'POST') {
    sendJson(
      response,
      405,
      { error: 'method_not_allowed', message: 'Use GET, POST or DELETE.' },
      { allow: 'GET, POST, DELETE' },
    );
    return;
  }
  const body = parseJsonBody(await readBody(request));
  let rules: FaultRule[];
  try {
    rules = (Array.isArray(body) ? body : [body]).map(parseFaultRule);
    for (const rule of rules) faults.add(rule);
  } catch (error) {
    sendJson(response, 400, { error: 'invalid_fault', message: (error as Error).message });
    return;
  }
  sendJson(response, 201, {
    added: rules.length,
    faults: faults.list().map(({ rule: _rule, ...summary }) => summary),
  });
}
