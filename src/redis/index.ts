// The `oauthkit/redis` entry. It never imports ioredis at run time: the client comes from the user.
export { RedisTokenStore, type RedisTokenStoreOptions } from './redis-store.js';
