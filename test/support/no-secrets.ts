import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Asserts that none of `secrets` shows in the error's message, stack or `util.inspect` view. */
export function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const views = [inspect(value, { depth: 8 })];
  if (value instanceof Error) views.push(value.message, value.stack ?? '');
  for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret);
}

/** Runs `action` and returns what it threw (fails the test when it does not throw). */
export async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

/**
 * Every way `value` may be shown or logged: `util.inspect` (hidden fields too), `JSON.stringify`,
 * and the message and stack of the value and of each error in its `cause` chain.
 */
export function viewsOf(value: unknown): string[] {
  const views = [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? ''];
  for (let error: unknown = value; error instanceof Error; error = error.cause) {
    views.push(error.message, error.stack ?? '', JSON.stringify(error));
  }
  return views;
}

/** Asserts that none of `secrets` shows in any of {@link viewsOf} `value`. */
export function expectShownNowhere(value: unknown, secrets: readonly string[]): void {
  for (const view of viewsOf(value)) for (const secret of secrets) expect(view).not.toContain(secret);
}
