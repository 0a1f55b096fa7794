import { afterEach } from 'vitest';
import { ApiClient } from '../../src/http/api-client.js';
import type { ApiClientOptions } from '../../src/http/types.js';
import { type Handler, startServer, type TestServer } from './test-server.js';

/** What {@link apiTestServer} gives a test file. */
export interface ApiTestServer {
  /** `startServer`, closed after the test. */
  serve(handler: Handler): Promise<TestServer>;
  /**
   * An `ApiClient` with the token `tok` on the server served last (or `options.baseUrl`), the
   * file's defaults under `options`; closed after the test.
   */
  client(options?: Partial<ApiClientOptions>): ApiClient;
}

/**
 * The servers and `ApiClient`s of each test, closed after it (the clients first). Call once at the
 * top of a test file.
 */
export function apiTestServer(defaults: Partial<ApiClientOptions> = {}): ApiTestServer {
  const servers: TestServer[] = [];
  const clients: ApiClient[] = [];
  afterEach(async () => {
    for (const api of clients.splice(0)) await api.close();
    for (const server of servers.splice(0)) await server.close();
  });
  return {
    async serve(handler) {
      const server = await startServer(handler);
      servers.push(server);
      return server;
    },
    client(options = {}) {
      const baseUrl = options.baseUrl ?? servers.at(-1)?.origin;
      if (baseUrl === undefined) throw new Error('apiTestServer: serve() before client(), or pass a baseUrl');
      const api = new ApiClient({ auth: { accessToken: 'tok' }, ...defaults, ...options, baseUrl });
      clients.push(api);
      return api;
    },
  };
}
