import { describe, expect, it } from 'vitest';
import { TokenStoreError } from '../../src/errors/token-store-error.js';
import { toTokenStoreError } from '../../src/redis/_redis-error.js';

/** An error shaped like ioredis's: a name, a message and the command with its arguments. */
function ioredisError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, {
    command: { name: 'evalsha', args: ['sha', '1', 'key', '{"refreshToken":"rt-secret"}'] },
  });
  return error;
}

describe('toTokenStoreError', () => {
  it.each([
    ['ReplyError', 'LOADING Redis is loading the dataset in memory', true],
    ['ReplyError', 'CLUSTERDOWN The cluster is down', true],
    ['ReplyError', 'READONLY You cannot write against a read only replica.', true],
    ['ReplyError', 'WRONGTYPE Operation against a key holding the wrong kind of value', false],
    ['ReplyError', 'NOPERM this user has no permissions', false],
    ['MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1).', true],
    ['Error', "Stream isn't writeable and enableOfflineQueue options is false", true],
    ['ClusterAllFailedError', 'Failed to refresh slots cache.', true],
  ])('%s "%s" → retryable %s, naming the key, without the command arguments', (name, message, retryable) => {
    const mapped = toTokenStoreError(ioredisError(name, message), '{app:k}:tokens', 'write');
    expect(mapped).toBeInstanceOf(TokenStoreError);
    expect(mapped).toMatchObject({ retryable, location: '{app:k}:tokens' });
    expect(mapped.message).toContain('"{app:k}:tokens"');
    expect(mapped.message).toContain(message.split(' ')[0]);
    expect(mapped.cause).toBeInstanceOf(Error);
    expect(mapped.cause).not.toHaveProperty('command');
    expect(JSON.stringify(mapped) + String(mapped.cause) + mapped.message).not.toContain('rt-secret');
  });

  it('keeps a TokenStoreError as it is', () => {
    const original = new TokenStoreError('corrupt', { location: 'x' });
    expect(toTokenStoreError(original, 'y', 'read')).toBe(original);
  });
});
