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
