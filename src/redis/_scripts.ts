import type { Cluster, Redis } from 'ioredis';

// Both scripts touch one key each, so they run on the node that owns it in a Cluster.

/**
 * Writes a token record only if the stored one still has the expected version. Returns 1 when
 * written, 0 when another writer got there first, -1 when the stored value is not a record
 * (it is then left untouched, for a person to look at).
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
local version = 0
if current then
  local ok, record = pcall(cjson.decode, current)
  if not ok or type(record) ~= 'table' or type(record.version) ~= 'number' then return -1 end
  version = record.version
end
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

/** Deletes a lock only if it still holds our owner id: an expired lock may belong to someone else. */
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** The client once {@link defineTokenScripts} has added the store's commands. */
export interface TokenScriptClient {
  oauthkitTokenCas(key: string, expectedVersion: number, record: string): Promise<number>;
  oauthkitLockRelease(key: string, owner: string): Promise<number>;
}

/**
 * Adds the store's Lua scripts to `redis` as commands. ioredis sends them with EVALSHA and
 * falls back to EVAL when the server does not know the script yet (after a restart or a
 * failover), so the script text crosses the network only when needed.
 */
export function defineTokenScripts(redis: Redis | Cluster): TokenScriptClient {
  const client = redis as unknown as Partial<TokenScriptClient>;
  if (typeof client.oauthkitTokenCas !== 'function') {
    redis.defineCommand('oauthkitTokenCas', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  }
  if (typeof client.oauthkitLockRelease !== 'function') {
    redis.defineCommand('oauthkitLockRelease', { numberOfKeys: 1, lua: RELEASE_LOCK });
  }
  return redis as unknown as TokenScriptClient;
}
