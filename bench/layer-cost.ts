// `node --import tsx bench/layer-cost.ts [dist/index.js]`: the CPU that oauthkit's own layer
// (ApiClient + TokenManager) adds to one authenticated GET, without the network. undici's
// `Dispatcher#dispatch` is replaced by an answer that is ready at the next microtask, so the figure
// is the difference between a GET through oauthkit and the same fake answer read by a minimal
// handler (chunks, text, JSON.parse), in alternating rounds in one process. A diagnostic for
// hot-path work: the goal itself is measured end to end by `npm run bench`.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { drive } from './rows/hot-path-child.js';

const entryPath = resolve(process.argv[2] ?? 'dist/index.js');
const entry = pathToFileURL(entryPath).href;
// The undici that this build of oauthkit loads (another checkout has its own node_modules).
const { Agent } = createRequire(entryPath)('undici') as typeof import('undici');
const kit = (await import(entry)) as typeof import('../src/index.js');
const BODY = JSON.stringify({ id: 1, name: 'resource', tags: ['a', 'b'], total: 1200 });
const HEADERS = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(BODY)) };

const BODY_BYTES = Buffer.from(BODY);
const controller = { abort() {}, pause() {}, resume() {}, aborted: false, paused: false, reason: null };

interface Handler {
  onRequestStart?(controller: unknown, context: unknown): void;
  onResponseStart?(controller: unknown, status: number, headers: Record<string, string>, text: string): void;
  onResponseData?(controller: unknown, chunk: Buffer): void;
  onResponseEnd?(controller: unknown, trailers: Record<string, string>): void;
}

/** A dispatch that answers at the next microtask: status, headers, one chunk, end. */
function dispatch(_options: unknown, handler: Handler): boolean {
  queueMicrotask(() => {
    handler.onRequestStart?.(controller, {});
    handler.onResponseStart?.(controller, 200, { ...HEADERS }, 'OK');
    handler.onResponseData?.(controller, BODY_BYTES);
    handler.onResponseEnd?.(controller, {});
  });
  return true;
}
// The Agent oauthkit's transport makes answers at once.
(Agent.prototype as unknown as { dispatch: typeof dispatch }).dispatch = dispatch;

const store = new kit.MemoryTokenStore();
const expiresAt = Date.now() + 3_600_000;
await store.compareAndSet('bench', 0, {
  accessToken: 'bench-token',
  tokenType: 'Bearer',
  expiresAt,
  extra: {},
});
const never = async (): Promise<never> => {
  throw new Error('the bench token never needs renewing');
};
const manager = new kit.TokenManager({
  client: { clientCredentials: never, password: never, refresh: never, timeoutMs: 1_000 },
  store,
  key: 'bench',
  grant: 'client_credentials',
});
const api = new kit.ApiClient({ baseUrl: 'http://127.0.0.1:9/api', auth: manager });

const raw = (): Promise<boolean> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let status = 0;
    dispatch(null, {
      onResponseStart: (_c, statusCode) => {
        status = statusCode;
      },
      onResponseData: (_c, chunk) => {
        chunks.push(chunk);
      },
      onResponseEnd: () => {
        JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'));
        resolve(status === 200);
      },
    });
  });
const viaOAuthKit = async (): Promise<boolean> => (await api.get('/resource')).status === 200;

const calls = 100_000;
const rounds = 15;
const cpu: [number[], number[]] = [[], []];
for (const call of [raw, viaOAuthKit]) await drive(call, 50_000, 50);
for (let round = 0; round < rounds; round++) {
  for (const [index, call] of [raw, viaOAuthKit].entries()) {
    const before = process.cpuUsage();
    const failures = await drive(call, calls, 50);
    const used = process.cpuUsage(before);
    if (failures > 0) throw new Error(`${failures} calls failed`);
    cpu[index]?.push((used.user + used.system) / calls);
  }
}
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const [rawUs, kitUs] = cpu.map(median) as [number, number];
process.stdout.write(
  `${entry}\n  fake answer read directly: ${rawUs.toFixed(3)} µs CPU/GET\n` +
    `  through ApiClient + TokenManager: ${kitUs.toFixed(3)} µs CPU/GET\n` +
    `  oauthkit's layer: ${(kitUs - rawUs).toFixed(3)} µs CPU/GET (median of ${rounds} alternating rounds of ${calls})\n`,
);
