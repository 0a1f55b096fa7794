import type { Readable } from 'node:stream';

/**
 * Types that turn one operation of an `openapi-typescript` output (`paths[path][method]`) into the
 * signature of its SDK method: `(params, options) => Promise<result>`. `params` holds the path, query
 * and header parameters under their spec names, and the request body under `body`.
 */

/** An operation as `openapi-typescript` writes it. */
export interface GeneratedOperation {
  parameters?: { query?: unknown; header?: unknown; path?: unknown; cookie?: unknown };
  requestBody?: unknown;
  responses?: unknown;
}

/** No parameters (the empty object type). */
type Empty = Record<never, never>;

// `never` and `undefined` mean "no parameters of this kind".
type Part<T> = [T] extends [never] ? Empty : [NonNullable<T>] extends [never] ? Empty : NonNullable<T>;

type Parameters_<O> = O extends { parameters?: infer P } ? NonNullable<P> : Empty;
type PathPart<O> = Part<Parameters_<O> extends { path?: infer P } ? P : never>;
type QueryPart<O> = Part<Parameters_<O> extends { query?: infer Q } ? Q : never>;
type HeaderPart<O> = Part<Parameters_<O> extends { header?: infer H } ? H : never>;

type JsonOf<C> = C extends { 'application/json': infer J }
  ? J
  : C extends { 'application/json-patch+json': infer J }
    ? J
    : C extends Record<string, infer Any>
      ? Any
      : never;

type BodyContent<O> = O extends { requestBody?: infer B }
  ? [B] extends [never]
    ? never
    : NonNullable<B> extends { content: infer C }
      ? JsonOf<C>
      : never
  : never;

type BodyPart<O> = [BodyContent<O>] extends [never]
  ? Empty
  : O extends { requestBody: unknown }
    ? { body: BodyContent<O> }
    : { body?: BodyContent<O> };

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The one `params` object of an SDK method: path, query and header parameters, and `body`. */
export type OperationParams<O> = Flatten<PathPart<O> & QueryPart<O> & HeaderPart<O> & BodyPart<O>>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | '2XX' | 'default';

type ContentOf<R> = R extends { content: infer C }
  ? [NonNullable<C>] extends [never]
    ? undefined
    : JsonOf<NonNullable<C>>
  : undefined;

/** The body of the operation's first 2xx answer (`undefined` when the spec gives it none). */
export type OperationResult<O> = O extends { responses: infer R }
  ? ContentOf<R[Extract<keyof R, SuccessStatus> & keyof R]>
  : undefined;

/** `P` whose date parameters `Names` also accept a `Date` (the provider formats it on the wire). */
export type WithDateParams<P, Names extends string> = Omit<P, Names> & {
  [K in Names & keyof P]?: string | Date;
};

/** Per-call options of every SDK method: the `ApiClient` request options that make sense per call. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** This call's total time limit, in ms, instead of the SDK's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** Extra request headers (never `Authorization`: the SDK sets it). */
  headers?: Record<string, string> | undefined;
  responseType?: 'json' | 'text' | 'bytes' | 'stream' | undefined;
}

/** {@link CallOptions} that ask for the body as a stream. */
export type StreamCallOptions = CallOptions & { responseType: 'stream' };

/** `[params?, options?]` when every parameter is optional, else `[params, options?]`. */
export type ParamsArgs<P, Options = CallOptions> = Empty extends P
  ? [params?: P, options?: Options]
  : [params: P, options?: Options];

/** What an SDK method knows about the operation it calls (read by `paginate`, the CLI, tests). */
export interface OperationInfo {
  /** `resource.method`, as in the operations table: `orders.list`. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The spec's path template: `/orders/{orderId}`. */
  readonly path: string;
  /** Names of the header parameters (everything else that is not a path parameter or `body` is query). */
  readonly headerParams: readonly string[];
  /** The answer is a file (PDF, image, export): bytes, or a stream with `responseType: 'stream'`. */
  readonly binary: boolean;
  /** `paginate` accepts this method. */
  readonly paged: boolean;
}

/** The key under which an SDK method carries its {@link OperationInfo}. */
export const OPERATION_INFO: unique symbol = Symbol.for('oauthkit.operation');

/** A JSON operation's SDK method. */
export type JsonOperationMethod<P, R> = ((...args: ParamsArgs<P>) => Promise<R>) & {
  readonly [OPERATION_INFO]: OperationInfo;
};

/** A paged operation's SDK method: `paginate` accepts it (the provider's `paginate` types the items from `R`). */
export type PagedOperationMethod<P, R> = JsonOperationMethod<P, R> & { readonly paged: true };

/** A binary operation's SDK method: bytes, or a `Readable` with `{ responseType: 'stream' }`. */
export interface BinaryOperationMethod<P> {
  (params: Empty extends P ? P | undefined : P, options: StreamCallOptions): Promise<Readable>;
  (...args: ParamsArgs<P>): Promise<Uint8Array>;
  readonly [OPERATION_INFO]: OperationInfo;
}

/** `METHOD /path` of every operation in an `openapi-typescript` `paths` type: `GET /orders/{orderId}`. */
export type OperationKey<Paths> = {
  [P in keyof Paths & string]: {
    [M in keyof Paths[P] & HttpVerb]: [NonNullable<Paths[P][M]>] extends [never]
      ? never
      : `${Uppercase<M>} ${P}`;
  }[keyof Paths[P] & HttpVerb];
}[keyof Paths & string];

type HttpVerb = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The generated operation type behind an {@link OperationKey}. */
export type OperationAt<Paths, K extends string> = K extends `${infer M} ${infer P}`
  ? P extends keyof Paths
    ? Lowercase<M> extends keyof Paths[P]
      ? NonNullable<Paths[P][Lowercase<M>]>
      : never
    : never
  : never;

/** Any SDK method. */
export type AnyOperationMethod = { readonly [OPERATION_INFO]: OperationInfo };
