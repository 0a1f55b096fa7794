// The only module that talks to undici, and it loads undici lazily: importing `oauthkit` must not
// pay its start-up cost (CONTRIBUTING.md, "Start-up"), so nothing here imports it at module level but types.
import type { Dispatcher } from 'undici';
import { isLoopbackHost } from '../shared/loopback-host.js';
import { type BufferedResponse, BufferingHandler, type BufferLimits } from './_buffering-handler.js';
import { type AbortEmitter, isAbortSignal } from './abort-emitter.js';

export type { BufferedResponse, BufferLimits } from './_buffering-handler.js';

/** What one request needs from the transport: undici's request options plus the target origin. */
export type TransportRequest = Omit<Dispatcher.RequestOptions, 'signal'> & {
  origin: string;
  signal?: AbortSignal | AbortEmitter | null | undefined;
};

/** undici's response: status, headers and a body stream that must be consumed or destroyed. */
export type TransportResponse = Dispatcher.ResponseData;

type Undici = typeof import('undici');

let undiciModule: Promise<Undici> | undefined;

function loadUndici(): Promise<Undici> {
  undiciModule ??= import('undici');
  return undiciModule;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/** Whether the environment configures a proxy, in which case undici's `EnvHttpProxyAgent` is used. */
export function hasProxyEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}

/**
 * One keep-alive connection pool to one origin, created on the first request: one per `ApiClient`,
 * and one per origin an `OAuth2Client` reaches (through `TransportFetch`).
 * With `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` set (either case) requests go through the proxy,
 * except to a loopback origin (a proxy elsewhere cannot reach this machine's 127.0.0.1).
 */
export class Transport {
  readonly #useProxyEnvironment: boolean;
  #proxied = false;
  #dispatcher: Dispatcher | undefined;
  #creating: Promise<Dispatcher> | undefined;
  #closed = false;

  /** `origin`: where this transport sends requests; a loopback origin never goes through a proxy. */
  constructor(origin: string) {
    this.#useProxyEnvironment = !isLoopbackHost(new URL(origin).hostname);
  }

  /** Sends one request; the body of the answer is a stream to consume or destroy. */
  request(options: TransportRequest): Promise<TransportResponse> {
    return this.#send(options, requestOn);
  }

  /**
   * Sends one request and reads the answer whole, within `limits` (see {@link BufferedResponse}),
   * with a dispatch handler of its own: cheaper than {@link request} and a stream's reading. The
   * hot path of `ApiClient`.
   */
  requestBuffered(options: TransportRequest, limits: BufferLimits): Promise<BufferedResponse> {
    // #send's fast path, written out so that no closure is made per request once the pool exists.
    const dispatcher = this.#dispatcher;
    if (dispatcher !== undefined && !this.#proxied)
      return dispatchBuffered(dispatcher, options as Dispatcher.RequestOptions, limits);
    return this.#send(options, (created, undiciOptions) => dispatchBuffered(created, undiciOptions, limits));
  }

  /** `send` on the pool, made on the first request. */
  #send<T>(
    options: TransportRequest,
    send: (dispatcher: Dispatcher, options: Dispatcher.RequestOptions) => Promise<T>,
  ): Promise<T> {
    // undici's types name a whole EventEmitter; what it uses of one is what AbortEmitter declares.
    const undiciOptions = options as Dispatcher.RequestOptions;
    const dispatcher = this.#dispatcher;
    if (dispatcher !== undefined && !this.#proxied) return send(dispatcher, undiciOptions);
    return this.#create().then((created) =>
      this.#proxied ? this.#sendViaProxy(created, undiciOptions, send) : send(created, undiciOptions),
    );
  }

  /**
   * A request through the proxy agent, ended by its signal: undici's proxy agent ignores the signal
   * while it reconnects, in a tight loop, to a proxy that hangs up on CONNECT. On abort the agent is
   * destroyed (which stops the loop) and the next request makes a new one.
   */
  #sendViaProxy<T>(
    dispatcher: Dispatcher,
    options: Dispatcher.RequestOptions,
    send: (dispatcher: Dispatcher, options: Dispatcher.RequestOptions) => Promise<T>,
  ): Promise<T> {
    const signal = options.signal as AbortSignal | AbortEmitter | null | undefined;
    if (signal === undefined || signal === null) return send(dispatcher, options);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (this.#dispatcher === dispatcher) {
          this.#dispatcher = undefined;
          this.#creating = undefined;
        }
        dispatcher.destroy().catch(() => undefined);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      const stopListening = listenForAbort(signal, onAbort);
      send(dispatcher, options).then(resolve, reject).finally(stopListening);
    });
  }

  /** Closes the pool's connections; requests in flight are allowed to finish. */
  async close(): Promise<void> {
    this.#closed = true;
    const dispatcher = this.#dispatcher ?? (await this.#creating);
    this.#dispatcher = undefined;
    this.#creating = undefined;
    await dispatcher?.close();
  }

  #create(): Promise<Dispatcher> {
    if (this.#closed) return Promise.reject(new Error('This ApiClient was closed; create a new one.'));
    this.#creating ??= loadUndici().then((undici) => {
      this.#proxied = this.#useProxyEnvironment && hasProxyEnvironment();
      const dispatcher = this.#proxied ? new undici.EnvHttpProxyAgent() : new undici.Agent();
      this.#dispatcher = dispatcher;
      return dispatcher;
    });
    return this.#creating;
  }
}

function dispatchBuffered(
  dispatcher: Dispatcher,
  options: Dispatcher.RequestOptions,
  limits: BufferLimits,
): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    // dispatch() leaves `signal` alone: the handler listens to it.
    const signal = (options.signal ?? undefined) as AbortSignal | AbortEmitter | undefined;
    dispatcher.dispatch(options, new BufferingHandler(signal, limits, resolve, reject));
  });
}

function requestOn(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<TransportResponse> {
  return dispatcher.request(options);
}

/** Calls `onAbort` once when `signal` (an AbortSignal or undici's emitter form) aborts; returns the undo. */
function listenForAbort(signal: AbortSignal | AbortEmitter, onAbort: () => void): () => void {
  if (isAbortSignal(signal)) {
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }
  signal.once('abort', onAbort);
  return () => signal.removeListener('abort', onAbort);
}
