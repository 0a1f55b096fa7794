import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthorizationCallbackError } from '../errors/authorization-callback-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { callbackPage } from './_callback-page.js';

/** The query of the one valid callback. */
export type CallbackParams = URLSearchParams;

/** Whether two strings are equal, compared in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A one-shot HTTP server on 127.0.0.1 that waits for the authorization server to send the
 * browser back (RFC 8252 §7.3). Stray requests (other paths, favicon, a wrong `state`, a `Host`
 * other than `127.0.0.1`, `localhost` or `[::1]` with this port) get an error page and do not end
 * the wait.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
export class LoopbackReceiver {
  /** The redirect URI with the port actually bound. */
  readonly redirectUri: string;
  readonly #server: Server;
  readonly #path: string;
  readonly #hosts: ReadonlySet<string>;
  /** Handles requests while a callback is awaited; any other time they get the "ignored" page. */
  #handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;

  private constructor(server: Server, redirectUri: URL, registered: string) {
    this.#server = server;
    // Every request gets an answer, also one arriving after the login ended (a second tab, a
    // double click) and before the port is closed: it must not spin until the socket is cut.
    server.on('request', (request, response) => {
      if (this.#handler) this.#handler(request, response);
      else respond(response, 400, callbackPage('ignored'));
    });
    this.#path = redirectUri.pathname;
    const port = (server.address() as AddressInfo).port;
    // A fixed port keeps the URI exactly as registered (`http://localhost:8080`, no slash added):
    // providers that match redirect URIs as strings refuse any other spelling.
    const fixedPort = redirectUri.port !== '' && redirectUri.port !== '0';
    redirectUri.port = String(port);
    this.redirectUri = fixedPort ? registered : redirectUri.href;
    const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
    // A browser that opens http://0.0.0.0:PORT reaches this loopback listener with that Host; an
    // IP literal cannot be a DNS-rebinding name.
    if (redirectUri.hostname === '0.0.0.0') hosts.add(`0.0.0.0:${port}`);
    this.#hosts = hosts;
  }

  /**
   * Binds 127.0.0.1 on the redirect URI's port (0 = any free port). A registered
   * `http://0.0.0.0:PORT/...` is served on 127.0.0.1 too, never on every interface.
   */
  static async listen(redirectUri: string): Promise<LoopbackReceiver> {
    const url = new URL(redirectUri);
    // Only names that reach 127.0.0.1, the one address the server binds.
    if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '0.0.0.0'].includes(url.hostname)) {
      throw new ConfigurationError(
        `redirectUri ${url.origin} is not a loopback http URI; use http://127.0.0.1:<port>/<path> (RFC 8252).`,
      );
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new ConfigurationError(
            `Cannot listen on 127.0.0.1:${url.port || 0} for the login callback (${error.code ?? error.message}); free the port or change redirectUri.`,
          ),
        ),
      );
      server.listen(Number(url.port || 0), '127.0.0.1', () => resolve());
    });
    return new LoopbackReceiver(server, url, redirectUri);
  }

  /**
   * Resolves with the first callback whose `state` matches; rejects with
   * {@link AuthorizationCallbackError} on a provider error, timeout or abort.
   */
  waitForCallback(options: {
    state: string;
    timeoutMs: number;
    signal?: AbortSignal | undefined;
  }): Promise<CallbackParams> {
    return new Promise<CallbackParams>((resolve, reject) => {
      const finish = (error: AuthorizationCallbackError | undefined, params?: CallbackParams) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.#handler = undefined;
        if (error) reject(error);
        else resolve(params!);
      };
      const timer = setTimeout(
        () =>
          finish(
            new AuthorizationCallbackError(
              `No login callback arrived within ${options.timeoutMs} ms; finish the login in the browser sooner or raise timeoutMs.`,
              { error: 'timeout' },
            ),
          ),
        options.timeoutMs,
      );
      const onAbort = () =>
        finish(
          new AuthorizationCallbackError('The browser login was cancelled.', {
            error: 'aborted',
            cause: options.signal?.reason,
          }),
        );
      const onRequest = (request: IncomingMessage, response: ServerResponse) => {
        const outcome = this.#classify(request, options.state);
        respond(response, outcome.status, outcome.page);
        if (outcome.result) finish(outcome.result.error, outcome.result.params);
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#handler = onRequest;
    });
  }

  #classify(request: IncomingMessage, expectedState: string) {
    // DNS rebinding: a page of another site whose name now points at 127.0.0.1 reaches this
    // server with that name in Host. Only the loopback names of this very port are answered.
    if (!this.#hosts.has(request.headers.host?.toLowerCase() ?? '')) {
      return { status: 400, page: callbackPage('ignored') };
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const params = url.searchParams;
    const state = params.get('state');
    if (
      request.method !== 'GET' ||
      url.pathname !== this.#path ||
      state === null ||
      !safeEqual(state, expectedState)
    ) {
      return { status: url.pathname === this.#path ? 400 : 404, page: callbackPage('ignored') };
    }
    const error = params.get('error');
    if (error !== null) {
      const description = params.get('error_description') ?? undefined;
      const details = description === undefined ? { error } : { error, errorDescription: description };
      const failure = new AuthorizationCallbackError(
        `The provider refused the login: ${error}${description ? ` (${description})` : ''}; try again or check the client's settings.`,
        details,
      );
      return { status: 400, page: callbackPage('error', error), result: { error: failure } };
    }
    if (!params.get('code')) {
      const failure = new AuthorizationCallbackError(
        'The login callback has no code; start the login again.',
        {
          error: 'missing_code',
        },
      );
      return { status: 400, page: callbackPage('error', 'missing code'), result: { error: failure } };
    }
    return { status: 200, page: callbackPage('success'), result: { error: undefined, params } };
  }

  /** Stops listening and drops every open connection, keep-alive ones included. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    // Lets the result page reach the browser before the remaining sockets are cut.
    const force = setTimeout(() => this.#server.closeAllConnections(), 500);
    await closed;
    clearTimeout(force);
  }
}

function respond(response: ServerResponse, status: number, page: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
    'referrer-policy': 'no-referrer',
  });
  response.end(page);
}
