import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors/api-error.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { ApiClient } from '../../src/http/api-client.js';
import { continuationTokenPagination } from '../../src/http/pagination/continuation-token-pagination.js';
import { linkHeaderPagination } from '../../src/http/pagination/link-header-pagination.js';
import { pageIndexPagination } from '../../src/http/pagination/page-index-pagination.js';
import { sendJson, startServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let api: ApiClient | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
  await server?.close();
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}

describe('linkHeaderPagination', () => {
  it('follows absolute and relative next links until there is none', async () => {
    server = await startServer((request, response) => {
      const page = Number(request.query.get('page') ?? '1');
      const links: Record<number, string> = {
        1: `<${server.origin}/api/v3/invoices?page=2&per_page=2>; rel="next", <${server.origin}/api/v3/invoices?page=3>; rel="last"`,
        2: '</api/v3/invoices?page=3&per_page=2>; rel="next"',
      };
      const headers: Record<string, string> = links[page] ? { link: links[page] } : {};
      sendJson(response, 200, [`i${page}a`, `i${page}b`], headers);
    });
    api = new ApiClient({ baseUrl: `${server.origin}/api/v3`, auth: { accessToken: 't' } });
    const items = await collect(
      api.paginate<string>('/invoices', {
        query: { type: 'untrashed' },
        strategy: linkHeaderPagination({ sizeParam: 'per_page', pageSize: 2 }),
      }),
    );
    expect(items).toEqual(['i1a', 'i1b', 'i2a', 'i2b', 'i3a', 'i3b']);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/api/v3/invoices?type=untrashed&per_page=2',
      '/api/v3/invoices?page=2&per_page=2',
      '/api/v3/invoices?page=3&per_page=2',
    ]);
    expect(server.requests.every((request) => request.headers.authorization === 'Bearer t')).toBe(true);
  });

  it('requests the next page only when the consumer needs it, and stops on break', async () => {
    server = await startServer((request, response) => {
      const page = Number(request.query.get('page') ?? '1');
      sendJson(response, 200, [page * 10, page * 10 + 1], { link: `</list?page=${page + 1}>; rel=next` });
    });
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' } });
    const iterator = api
      .paginate<number>('/list', { strategy: linkHeaderPagination() })
      [Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(10);
    expect(server.requests).toHaveLength(1);
    expect((await iterator.next()).value).toBe(11);
    expect(server.requests).toHaveLength(1);
    expect((await iterator.next()).value).toBe(20);
    expect(server.requests).toHaveLength(2);
    await iterator.return?.();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a next link on another origin', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, [1], { link: '<https://elsewhere.example.com/steal>; rel="next"' }),
    );
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' } });
    await expect(collect(api.paginate('/list', { strategy: linkHeaderPagination() }))).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('page shapes', () => {
  it('rejects a page whose items are not an array, naming the path', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { data: { not: 'a list' } }));
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' } });
    const error = await collect(api.paginate('/x', { strategy: continuationTokenPagination() })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toBe(
      `GET ${server.origin}/x answered 200 without an array of items at "data" (got object); check the pagination strategy options`,
    );
  });
});

describe('pageIndexPagination', () => {
  it('stops after totalPages', async () => {
    server = await startServer((request, response) => {
      const page = Number(request.query.get('pageIndex'));
      sendJson(response, 200, { data: [`p${page}`], pagination: { pageIndex: page, totalPages: 3 } });
    });
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' } });
    const strategy = pageIndexPagination<string>({
      pageParam: 'pageIndex',
      sizeParam: 'pageSize',
      pageSize: 1,
      itemsPath: 'data',
      totalPagesPath: 'pagination.totalPages',
    });
    expect(await collect(api.paginate('/forms', { strategy }))).toEqual(['p1', 'p2', 'p3']);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/forms?pageIndex=1&pageSize=1',
      '/forms?pageIndex=2&pageSize=1',
      '/forms?pageIndex=3&pageSize=1',
    ]);
  });

  it('stops on an empty page when the total is unknown (-1) or absent', async () => {
    server = await startServer((request, response) => {
      const page = Number(request.query.get('page'));
      sendJson(response, 200, { data: page <= 2 ? [page] : [], pagination: { totalPages: -1 } });
    });
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' } });
    const strategy = pageIndexPagination<number>({
      itemsPath: 'data',
      totalPagesPath: 'pagination.totalPages',
    });
    expect(await collect(api.paginate('/x', { strategy }))).toEqual([1, 2]);
    expect(server.requests).toHaveLength(3);
  });
});

describe('continuationTokenPagination', () => {
  it('sends back each token, keeps the caller query, and stops on an empty data page', async () => {
    server = await startServer((request, response) => {
      const token = request.query.get('continuationToken');
      const page = token === null ? 1 : Number(token.slice(3)) + 1;
      sendJson(response, 200, {
        data: page <= 2 ? [{ id: page }] : [],
        pagination: {
          pageSize: 1,
          totalCount: -1,
          pageIndex: 1,
          totalPages: -1,
          continuationToken: `tok${page}`,
        },
      });
    });
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' } });
    const items = await collect(
      api.paginate<{ id: number }>('/organizations/club/payments', {
        query: { from: '2026-01-01', states: ['Authorized', 'Refunded'] },
        strategy: continuationTokenPagination({ pageSize: 1 }),
      }),
    );
    expect(items).toEqual([{ id: 1 }, { id: 2 }]);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/organizations/club/payments?from=2026-01-01&states=Authorized&states=Refunded&pageSize=1',
      '/organizations/club/payments?from=2026-01-01&states=Authorized&states=Refunded&pageSize=1&continuationToken=tok1',
      '/organizations/club/payments?from=2026-01-01&states=Authorized&states=Refunded&pageSize=1&continuationToken=tok2',
    ]);
  });

  it('stops when the token does not change', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { data: [1], pagination: { continuationToken: 'same' } }),
    );
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' } });
    expect(await collect(api.paginate('/x', { strategy: continuationTokenPagination() }))).toEqual([1, 1]);
    expect(server.requests).toHaveLength(2);
  });

  it('walks 100,000 items without keeping earlier pages alive', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const pageSize = 1000;
    server = await startServer((request, response) => {
      const page = Number(request.query.get('continuationToken') ?? '0');
      const data =
        page < 100
          ? Array.from({ length: pageSize }, (_, index) => ({
              n: page * pageSize + index,
              pad: 'x'.repeat(100),
            }))
          : [];
      sendJson(response, 200, { data, pagination: { continuationToken: String(page + 1) } });
    });
    api = new ApiClient({ baseUrl: server.origin, auth: { accessToken: 't' } });
    let count = 0;
    let sum = 0;
    let firstItem: WeakRef<object> | undefined;
    let firstPageAliveMidway: boolean | undefined;
    for await (const item of api.paginate<{ n: number }>('/big', {
      strategy: continuationTokenPagination(),
    })) {
      firstItem ??= new WeakRef(item);
      count++;
      sum += item.n;
      if (count === 50_500) {
        // Mid-iteration: page 1 must already be collectable while page 51 is being read.
        await new Promise((resolve) => setImmediate(resolve));
        gc();
        firstPageAliveMidway = firstItem.deref() !== undefined;
        expect(server.requests).toHaveLength(51);
      }
    }
    expect(count).toBe(100_000);
    expect(sum).toBe((100_000 * 99_999) / 2);
    expect(server.requests).toHaveLength(101);
    expect(firstPageAliveMidway).toBe(false);
  });
});
