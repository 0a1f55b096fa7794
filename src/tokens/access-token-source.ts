/** Options of {@link AccessTokenSource.getAccessToken}. */
export interface GetAccessTokenOptions {
  /** Get a new access token even if the current one looks valid. */
  forceRefresh?: boolean;
  /**
   * The access token an API just refused with 401. A forced refresh happens only if it is still
   * the current token, so many requests refused together cause one refresh, not one each.
   */
  rejectedToken?: string;
  /** Cancels this caller's wait only; a refresh other callers share goes on. */
  signal?: AbortSignal;
}

/** Anything that can hand out a valid access token: a `TokenManager`, or an adapter. */
export interface AccessTokenSource {
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>;
}
