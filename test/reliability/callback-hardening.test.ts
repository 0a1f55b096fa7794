import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { OAuth2Client } from '../../src/oauth/client.js';
import { loopbackTokenClient } from '../support/loopback-token-client.js';
import { caught } from '../support/no-secrets.js';
import type { ScriptedServerHandle } from '../support/scripted-http-server.js';

// The loopback callback server of authorizeInBrowser as an attacker on the machine or a web page
// would probe it: other interfaces, forged and repeated callbacks, huge URLs, time-out and abort.
const CODE = 'code-sentinel-5d41402abc4b';
let tokenServer: ScriptedServerHandle | undefined;
afterEach(async () => {
  await tokenServer?.close();
  tokenServer = undefined;
});

async function makeClient(): Promise<OAuth2Client> {
  let client: OAuth2Client;
  ({ client, tokenServer } = await loopbackTokenClient());
  return client;
}

/** A raw GET to `host:port` with the given path; the status and body, or the connection error's code. */
function get(host: string, port: number, path: string): Promise<{ status: number; body: string } | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    req.setTimeout(3_000, () => {
      req.destroy();
      resolve('no answer');
    });
    req.end();
  });
}

function refusedOn(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const otherAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && entry.family === 'IPv4' && entry.address !== '127.0.0.1')
    .map((entry) => entry?.address ?? '');

describe('loopback callback server under probing', () => {
  it('is reachable on 127.0.0.1 only, refuses forged, huge and repeated callbacks, and never echoes the code', async () => {
    const client = await makeClient();
    const report: Record<string, unknown> = {};
    const tokens = await client.authorizeInBrowser({
      open: false,
      timeoutMs: 20_000,
      onUrl: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
        const port = Number(redirect.port);
        const state = new URL(url).searchParams.get('state') ?? '';
        report.otherInterfaces = await Promise.all(
          ['127.0.0.2', ...otherAddresses()].map((host) => refusedOn(host, port)),
        );
        const missingState = await get('127.0.0.1', port, `/callback?code=${CODE}`);
        const wrongState = await get(
          '127.0.0.1',
          port,
          `/callback?code=${CODE}&state=${'x'.repeat(state.length)}`,
        );
        const huge = await get(
          '127.0.0.1',
          port,
          `/callback?code=${CODE}&state=${state}&pad=${'a'.repeat(64 * 1024)}`,
        );
        report.forged = [missingState, wrongState].map(
          (answer) => typeof answer === 'object' && answer.status,
        );
        report.echoed = [missingState, wrongState].some(
          (answer) => typeof answer === 'object' && answer.body.includes(CODE),
        );
        report.huge = typeof huge === 'object' ? huge.status : huge;
        // Two valid callbacks at once (a double click, a replayed redirect): one exchange only.
        const both = await Promise.all([
          get('127.0.0.1', port, `/callback?code=${CODE}&state=${state}`),
          get('127.0.0.1', port, `/callback?code=${CODE}-again&state=${state}`),
        ]);
        report.both = both.map((answer) => (typeof answer === 'object' ? answer.status : answer));
        report.successPageEchoes = both.some(
          (answer) => typeof answer === 'object' && answer.body.includes(CODE),
        );
        report.port = port;
      },
    });
    expect(tokens.accessToken).toBe('at-1');
    expect(report.otherInterfaces).not.toContain(false);
    expect(report.forged).toEqual([400, 400]);
    expect(report.echoed).toBe(false);
    expect([414, 431]).toContain(report.huge);
    // The other one gets an answer too (the "ignored" page), not a connection left hanging.
    expect([...(report.both as unknown[])].sort()).toEqual([200, 400]);
    expect(report.successPageEchoes).toBe(false);
    expect(tokenServer?.requests).toHaveLength(1);
    expect(tokenServer?.requests[0]?.form.code).toBe(CODE);
    // The login is over: the port is closed.
    expect(await refusedOn('127.0.0.1', report.port as number)).toBe(true);
  });

  it('closes its port on time-out and on abort, exchanging nothing', async () => {
    const client = await makeClient();
    let port = 0;
    const timedOut = await caught(() =>
      client.authorizeInBrowser({
        open: false,
        timeoutMs: 300,
        onUrl: (url) => {
          port = Number(new URL(new URL(url).searchParams.get('redirect_uri') ?? '').port);
        },
      }),
    );
    expect(timedOut).toMatchObject({ name: 'AuthorizationCallbackError', error: 'timeout' });
    expect(await refusedOn('127.0.0.1', port)).toBe(true);
    const controller = new AbortController();
    const aborted = await caught(() =>
      client.authorizeInBrowser({
        open: false,
        signal: controller.signal,
        onUrl: (url) => {
          port = Number(new URL(new URL(url).searchParams.get('redirect_uri') ?? '').port);
          setTimeout(() => controller.abort(), 50);
        },
      }),
    );
    expect(aborted).toMatchObject({ name: 'AuthorizationCallbackError', error: 'aborted' });
    expect(await refusedOn('127.0.0.1', port)).toBe(true);
    expect(tokenServer?.requests).toHaveLength(0);
  });
});
