import type { ResponseEvent, RetryOptions } from '../../http/types.js';
import type { TokenStore } from '../../tokens/store.js';
import type { PasswordGrantProvider, TokenEvent } from '../../tokens/token-manager-options.js';

/** Misoca's two scopes; `write` includes `read` (a `write` token can call every operation). */
export type MisocaScope = 'read' | 'write';

/** Options of `new Misoca(...)`. */
export interface MisocaOptions {
  /** アプリケーションID, from https://app.misoca.jp/oauth2/applications. */
  clientId: string;
  /** シークレット of the same application (sent with HTTP Basic, never logged). */
  clientSecret: string;
  /**
   * The callback URL registered for the application, used by `login()`: its port and path are
   * listened on (on 127.0.0.1), and it is sent exactly as written. `http://127.0.0.1:PORT/...`,
   * `http://localhost:PORT/...` or `http://0.0.0.0:PORT/...`. Default `http://127.0.0.1:0/callback`
   * (any free port), which only works where every loopback port is accepted (the sandbox).
   * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
   */
  redirectUri?: string;
  /**
   * The Misoca site, default `https://app.misoca.jp`: `/oauth2/authorize`, `/oauth2/token`,
   * `/oauth2/revoke` and `/api/v3` are derived from it. `http://` only on loopback (the sandbox).
   */
  siteUrl?: string;
  /**
   * Scopes to ask for, default `['read', 'write']`; anything but `read` and `write` is a
   * `ConfigurationError`. (Typed as strings so that `new Misoca(sandbox.misoca)` works.)
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
   */
  scopes?: readonly (MisocaScope | (string & {}))[];
  /** Where the tokens live; a `MemoryTokenStore` by default. A `FileTokenStore` keeps a login across runs. */
  store?: TokenStore;
  /** The store key of these tokens, default `'misoca'`. */
  key?: string;
  /**
   * `{ password: async () => ({ username, password }) }`: log in with the password grant whenever
   * no refresh token works, asking for the credentials each time (they are never kept). Default:
   * only `login()` / `loginWithPassword()` get tokens, and `ReauthorizationRequiredError` says so.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
   */
  grant?: 'refresh_only' | PasswordGrantProvider;
  /** Time limit of one API call or token request, in ms (default 30000). */
  timeoutMs?: number;
  /** Retries of API calls (idempotent ones; default 2). */
  retry?: RetryOptions;
  /** Token lifecycle events (load, refresh, adopt, ...); never a token. */
  onTokenEvent?: (event: TokenEvent) => void;
  /** Every API response (status, headers with the token blanked out), retried attempts included. */
  onResponse?: (event: ResponseEvent) => void;
  /** Your application's `User-Agent` (default `oauthkit/<version>`). */
  userAgent?: string;
}

/** Options of `misoca.login()`. */
export interface MisocaLoginOptions {
  /** Open the system browser (default true). */
  open?: boolean;
  /** Gets the authorization URL, to print it or to drive a browser. */
  onUrl?: (url: string) => void | Promise<void>;
  /** How long to wait for the person, in ms (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Gets one-line notes about the login, such as the one for a `0.0.0.0` redirect URI. Default:
   * a Node.js process warning (`process.emitWarning`, shown on stderr).
   */
  onNotice?: (message: string) => void;
}

/** Options of `misoca.logout()`. */
export interface MisocaLogoutOptions {
  /** Also revoke the tokens at Misoca (`/oauth2/revoke`, RFC 7009), default true. */
  revoke?: boolean;
  signal?: AbortSignal;
}
