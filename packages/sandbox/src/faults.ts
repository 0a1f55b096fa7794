import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { send, sendJson } from './http-messages.js';

/**
 * One injected fault: which requests it hits and what happens to them.
 *
 * Rules are checked in the order they were added; the first one that matches a request
 * applies and counts down `times`. A rule with only `delayMs` delays the request, which is
 * then served normally; otherwise the request is answered by the fault.
 *
 * @example
 * ```ts
 * sandbox.faults.add({ path: '/helloasso/v5/', status: 503, times: 2 });
 * sandbox.faults.add({ path: /\/contacts$/, status: 429, retryAfterSeconds: 1 });
 * ```
 */
export interface FaultRule {
  /** HTTP method to match (case-insensitive); any method when absent. */
  method?: string;
  /** Path prefix (`/misoca/api/v3/contacts`) or a pattern tested against the path (without the query). */
  path: string | RegExp;
  /** Answer with this status (a JSON error body unless `body` or `malformed` is given). */
  status?: number;
  /** How many matching requests the rule applies to (default 1; `Infinity` for all). */
  times?: number;
  /** Wait this long before answering (or before serving the request normally). */
  delayMs?: number;
  /** Destroy the connection without an answer (clients see a socket hang up / reset). */
  drop?: boolean;
  /** Answer with a body that claims to be JSON but does not parse. */
  malformed?: boolean;
  /** Sets `Retry-After` (seconds) on the answer. */
  retryAfterSeconds?: number;
  /** Answer with this body: a string as is, anything else as JSON. */
  body?: unknown;
}

/** A fault rule as listed by {@link FaultInjector.list}, with what is left of it. */
export interface ActiveFault {
  method: string | null;
  path: string;
  remaining: number | 'Infinity';
  rule: FaultRule;
}

/** The fault list of a running sandbox (see {@link FaultRule}). */
export interface SandboxFaults {
  /** Adds a rule at the end of the list. */
  add(rule: FaultRule): void;
  /** Removes every rule. */
  clear(): void;
  /** The rules still active, in order. */
  list(): ActiveFault[];
}

interface Entry {
  rule: FaultRule;
  remaining: number;
}

/** Holds fault rules and applies them to incoming requests, before routing. */
export class FaultInjector implements SandboxFaults {
  readonly #entries: Entry[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new TypeError('A fault rule needs times > 0 (or Infinity).');
    if (
      rule.status !== undefined &&
      (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)
    ) {
      throw new TypeError(
        `A fault rule status must be an HTTP status (100-599), not ${String(rule.status)}.`,
      );
    }
    this.#entries.push({ rule, remaining: times });
  }

  clear(): void {
    this.#entries.length = 0;
  }

  list(): ActiveFault[] {
    return this.#entries.map(({ rule, remaining }) => ({
      method: rule.method?.toUpperCase() ?? null,
      path: String(rule.path),
      remaining: remaining === Number.POSITIVE_INFINITY ? 'Infinity' : remaining,
      rule,
    }));
  }

  /** Finds the first rule matching the request and counts it down; `null` when none matches. */
  take(method: string, path: string): FaultRule | null {
    const index = this.#entries.findIndex(({ rule }) => matches(rule, method, path));
    if (index < 0) return null;
    const entry = this.#entries[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#entries.splice(index, 1);
    return entry.rule;
  }

  /**
   * Applies the matching fault, if any. Returns `true` when the fault answered (or dropped)
   * the request, `false` when the request must be served normally.
   */
  async apply(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    const rule = this.take(request.method ?? 'GET', path);
    if (!rule) return false;
    if (rule.delayMs) await delay(rule.delayMs);
    if (rule.drop) {
      request.socket.destroy();
      return true;
    }
    const headers: Record<string, string> = {};
    if (rule.retryAfterSeconds !== undefined) headers['retry-after'] = String(rule.retryAfterSeconds);
    if (rule.malformed) {
      // Cut-off JSON: what a proxy that truncated the body would deliver.
      send(response, rule.status ?? 200, '{"data": [{"id": 1, "name": "trunc', {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
      });
      return true;
    }
    if (rule.status === undefined) return false;
    if (typeof rule.body === 'string') {
      send(response, rule.status, rule.body, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    } else {
      const body = rule.body ?? {
        error: 'sandbox_fault',
        status: rule.status,
        message: 'Injected by the sandbox.',
      };
      sendJson(response, rule.status, body, headers);
    }
    return true;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (typeof rule.path === 'string') return path.startsWith(rule.path);
  // A global or sticky pattern keeps state between test() calls; start from 0 each time.
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}
