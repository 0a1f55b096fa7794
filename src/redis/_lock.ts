import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster, Redis } from 'ioredis';
import { TokenStoreError } from '../errors/token-store-error.js';
import type { TokenLock } from '../tokens/store.js';
import { callRedis } from './_redis-error.js';
import type { TokenScriptClient } from './_scripts.js';

/** Polling delays while another process holds the lock: short, because a refresh is short. */
const FIRST_POLL_MS = 5;
const LONGEST_POLL_MS = 100;

/**
 * Takes the Redis lock at `lockKey`: `SET NX PX` with a random owner id, retried with full-jitter
 * backoff while another holder has it. The holder's lock expires after `ttlMs` even if it
 * crashes, so waiting a little longer than `ttlMs` is enough to see it free; after that the
 * holder is alive but stuck, and waiting more would only stack up callers.
 */
export async function acquireRedisLock(
  redis: Redis | Cluster,
  scripts: TokenScriptClient,
  lockKey: string,
  ttlMs: number,
): Promise<TokenLock> {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) {
    throw new TokenStoreError(`The lock TTL for "${lockKey}" must be a positive number of milliseconds.`, {
      location: lockKey,
    });
  }
  const ttl = Math.ceil(ttlMs);
  const owner = randomBytes(16).toString('hex');
  const deadline = Date.now() + ttl + Math.min(ttl, 1000);
  for (let attempt = 0; ; attempt++) {
    const taken = await callRedis(lockKey, 'take the lock', () => redis.set(lockKey, owner, 'PX', ttl, 'NX'));
    if (taken === 'OK') return releaser(scripts, lockKey, owner);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new TokenStoreError(
        `The lock "${lockKey}" stayed taken for over ${ttl} ms; another process is stuck refreshing — try again.`,
        { location: lockKey, retryable: true },
      );
    }
    const ceiling = Math.min(LONGEST_POLL_MS, FIRST_POLL_MS * 2 ** Math.min(attempt, 10));
    await sleep(Math.min(remaining, 1 + Math.random() * ceiling));
  }
}

function releaser(scripts: TokenScriptClient, lockKey: string, owner: string): TokenLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await callRedis(lockKey, 'release the lock', () => scripts.oauthkitLockRelease(lockKey, owner));
      } catch {
        // The lock expires by itself after its TTL; failing the caller's finished work over it
        // (Redis briefly unreachable) would be worse than making the others wait a little.
      }
    },
  };
}
