import type { AccessTokenSource, GetAccessTokenOptions } from '../../src/tokens/access-token-source.js';

/**
 * A tiny AccessTokenSource: hands out `token-1`, and a new `token-<n>` on each forced refresh.
 * Records every call so tests can assert how many token requests a scenario caused.
 */
export class CountingTokenSource implements AccessTokenSource {
  readonly calls: GetAccessTokenOptions[] = [];
  refreshes = 0;
  #current = 'token-1';

  constructor(private readonly prefix = 'token') {
    this.#current = `${prefix}-1`;
  }

  get current(): string {
    return this.#current;
  }

  async getAccessToken(options: GetAccessTokenOptions = {}): Promise<string> {
    this.calls.push({ ...options });
    if (
      options.forceRefresh &&
      (options.rejectedToken === undefined || options.rejectedToken === this.#current)
    ) {
      this.refreshes++;
      this.#current = `${this.prefix}-${this.refreshes + 1}`;
    }
    return this.#current;
  }
}
