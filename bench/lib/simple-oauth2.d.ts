// simple-oauth2 ships no types and @types/simple-oauth2 is not installed: the part the bench uses.
declare module 'simple-oauth2' {
  interface Token {
    access_token: string;
    refresh_token?: string;
    expires_at?: Date | string;
    token_type?: string;
    [key: string]: unknown;
  }

  interface AccessToken {
    readonly token: Token;
    expired(expirationWindowSeconds?: number): boolean;
    refresh(params?: Record<string, unknown>): Promise<AccessToken>;
  }

  interface ModuleOptions {
    client: { id: string; secret: string };
    auth: { tokenHost: string; tokenPath?: string; authorizePath?: string };
    options?: { authorizationMethod?: 'header' | 'body' };
  }

  export class ClientCredentials {
    constructor(options: ModuleOptions);
    getToken(params: { scope?: string | string[] }): Promise<AccessToken>;
    createToken(token: Token): AccessToken;
  }

  export class AuthorizationCode {
    constructor(options: ModuleOptions);
    createToken(token: Token): AccessToken;
  }
}
