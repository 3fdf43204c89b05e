import type { z } from 'zod';

/**
 * The shape of one entry of the route table (contract/routes.ts): what a route takes and answers. The
 * server registers its handlers by the entry's key, the OpenAPI document is generated from the entries,
 * and the web app's client is typed by them — one source of truth per route.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route's success answer that is not JSON (a file, a CSV export): its media type. */
export interface FileAnswer {
  readonly file: string;
  readonly description: string;
}

/** Error statuses a route may answer besides the ones its shape implies (see `errorStatuses`). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

export interface RouteSpec {
  readonly summary: string;
  readonly tags: readonly string[];
  /** Open without a session or token (sign-in, health). */
  readonly public?: boolean;
  readonly query?: z.ZodType;
  /** A JSON body (or, with `multipart`, the form fields as documented). */
  readonly body?: z.ZodType;
  readonly multipart?: boolean;
  /** The success status (default 200). */
  readonly status?: 200 | 201 | 204;
  /** The success answer: a JSON schema, a file, or nothing (204). */
  readonly response: z.ZodType | FileAnswer | null;
  /** Statuses this route answers for reasons its shape does not show (a role check, a version, a limit). */
  readonly errors?: readonly ErrorStatus[];
}

export const UNSAFE_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** `GET /api/deals/:id` → ['GET', '/api/deals/:id']. */
export function splitRouteKey(key: string): [HttpMethod, string] {
  const space = key.indexOf(' ');
  return [key.slice(0, space) as HttpMethod, key.slice(space + 1)];
}

function hasVersion(schema: z.ZodType | undefined): boolean {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape !== undefined && 'version' in shape;
}

/**
 * Every error status a route can answer: those implied by its shape, plus its own `errors`.
 * - 401 without a session or token (unless public);
 * - 400 for an invalid query or body — and any write, whose body may not be valid JSON;
 * - 403 on writes (a session's CSRF token missing or wrong);
 * - 404 for a path naming a record (`:id`);
 * - 409 when the body or query carries a `version` that may be stale;
 * - 413 and 415 on writes (body over the size limit, a content type other than JSON).
 */
export function errorStatuses(key: string, spec: RouteSpec): ErrorStatus[] {
  const [method, path] = splitRouteKey(key);
  const unsafe = UNSAFE_METHODS.includes(method);
  const statuses = new Set<ErrorStatus>(spec.errors ?? []);
  if (!spec.public) statuses.add(401);
  if (spec.query || spec.body || unsafe) statuses.add(400);
  if (unsafe && !spec.public) statuses.add(403);
  if (path.includes('/:')) statuses.add(404);
  // A request that carries a version (optimistic concurrency) is answered 409 when it is stale.
  if (hasVersion(spec.body) || hasVersion(spec.query)) statuses.add(409);
  if (unsafe) {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------
// Types read off the route table, for typed clients (`import type` only: no zod at run time).

type AnyRoutes = Record<string, RouteSpec>;

/** The route keys of one method, as their paths: PathsOf<Routes, 'GET'> = '/api/deals' | '/api/deals/:id' … */
export type PathsOf<R extends AnyRoutes, M extends HttpMethod> = {
  [K in keyof R & string]: K extends `${M} ${infer P}` ? P : never;
}[keyof R & string];

/** `/api/deals/:id/followups` → { id: string }; a path without parameters → never. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : unknown;

export type HasPathParams<P extends string> = P extends `${string}/:${string}` ? true : false;

type SchemaInput<S> = S extends z.ZodType ? z.input<S> : never;
type SchemaOutput<S> = S extends z.ZodType ? z.output<S> : never;

/** What the client may send as the query of a route (strings the server coerces, or numbers and booleans). */
export type QueryOf<R extends AnyRoutes, K extends keyof R> = R[K] extends { query: infer Q }
  ? { [F in keyof SchemaInput<Q>]?: SchemaInput<Q>[F] | string | number | boolean | null }
  : Record<string, never>;

/** The JSON body a route takes (as sent: defaults may be left out). */
export type BodyOf<R extends AnyRoutes, K extends keyof R> = R[K] extends { body: infer B } ? SchemaInput<B> : never;

/** The JSON a route answers on success (as received). */
export type AnswerOf<R extends AnyRoutes, K extends keyof R> = R[K] extends { response: infer S }
  ? S extends z.ZodType
    ? SchemaOutput<S>
    : S extends null
      ? undefined
      : Blob
  : never;

/** The JSON a route's handler returns on success (before serialisation). */
export type HandlerAnswerOf<R extends AnyRoutes, K extends keyof R> = R[K] extends { response: infer S }
  ? S extends z.ZodType
    ? SchemaInput<S>
    : null | undefined
  : never;
