import { z } from 'zod';
import { ProblemSchema } from './common.js';
import { type ErrorStatus, errorStatuses, type FileAnswer, type RouteSpec, splitRouteKey } from './http.js';

type JsonSchema = Record<string, unknown>;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
export const JSON_MEDIA_TYPE = 'application/json';

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid input: every invalid field listed in `errors`',
  401: 'Not signed in (no session or token, or an expired one)',
  403: 'Signed in but not allowed (role, record, or a missing CSRF token on a write)',
  404: 'Not found, or not visible to you',
  409: 'Conflict: a stale `version` (the current one in `currentVersion`), a duplicate or a rule of the record',
  413: 'The body or file is too large',
  415: 'Content type not accepted (JSON only, or the file type)',
  429: 'Too many attempts; try again later',
  503: 'Not available on this server',
};

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 speaks), as sent (`input`) or as answered (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    // A refinement that JSON Schema cannot say (e.g. "from before to") stays with the commands.
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const isFile = (response: RouteSpec['response']): response is FileAnswer =>
  response !== null && typeof response === 'object' && 'file' in response;

/** The query schema's properties as OpenAPI parameters. */
function queryParameters(query: z.ZodType): JsonSchema[] {
  const schema = jsonSchemaOf(query, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operation(key: string, spec: RouteSpec): JsonSchema {
  const [, path] = splitRouteKey(key);
  const parameters: JsonSchema[] = [...path.matchAll(/:(\w+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string', minLength: 1 },
  }));
  if (spec.query) parameters.push(...queryParameters(spec.query));

  const responses: Record<string, JsonSchema> = {};
  const status = String(spec.status ?? 200);
  if (spec.response === null) {
    responses[status] = { description: 'Done (no content)' };
  } else if (isFile(spec.response)) {
    responses[status] = {
      description: spec.response.description,
      content: { [spec.response.file]: { schema: { type: 'string', contentMediaType: spec.response.file } } },
    };
  } else {
    responses[status] = {
      description: 'Success',
      content: { [JSON_MEDIA_TYPE]: { schema: jsonSchemaOf(spec.response, 'output') } },
    };
  }
  for (const error of errorStatuses(key, spec)) {
    responses[String(error)] = {
      description: ERROR_DESCRIPTIONS[error],
      content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }

  let requestBody: JsonSchema | undefined;
  if (spec.body) {
    const schema = jsonSchemaOf(spec.body, 'input');
    requestBody = {
      required: true,
      content: spec.multipart ? { 'multipart/form-data': { schema } } : { [JSON_MEDIA_TYPE]: { schema } },
    };
  }
  return {
    tags: [...spec.tags],
    summary: spec.summary,
    operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, ''),
    ...(spec.public ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

export interface OpenApiDocument {
  openapi: string;
  info: JsonSchema;
  paths: Record<string, Record<string, JsonSchema>>;
  [member: string]: unknown;
}

/** The API's OpenAPI 3.1 document, made from the route table alone. */
export function openApiDocument(routes: Record<string, RouteSpec>): OpenApiDocument {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [key, spec] of Object.entries(routes)) {
    const [method, path] = splitRouteKey(key);
    const openApiPath = path.replace(/:(\w+)/g, '{$1}');
    paths[openApiPath] ??= {};
    paths[openApiPath][method.toLowerCase()] = operation(key, spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Taizhang API',
      version: '1',
      description:
        'The sales progress ledger (台账). Errors are application/problem+json in the language of Accept-Language ' +
        '(zh-CN or en). Writes with a session cookie echo the CSRF token in x-csrf-token; bearer tokens need none. ' +
        'A method a path does not have is answered 405 with an Allow header.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'tz_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Problem: jsonSchemaOf(ProblemSchema, 'output') },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}
