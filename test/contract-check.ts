import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../src/contract/openapi.js';
import { API_ROUTES } from '../src/contract/routes.js';
import type { Answer } from '../src/server/app.js';

/**
 * Every answer the app gives in the test suites is checked against the OpenAPI document, as a client
 * generated from the document would read it: the status must be documented for the route, the content
 * type must be the documented one (problem+json for errors), and the body must validate against the
 * documented schema — no missing field, no field the schema does not list. A mismatch is kept here and
 * fails the test that caused it (test/setup.ts), naming the route, the status and what is wrong.
 */

type JsonSchema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

const document = openApiDocument(API_ROUTES);
const problemSchema = (document.components as { schemas: { Problem: JsonSchema } }).schemas.Problem;
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

/** The document's `$ref`s point at components; the validator gets them inlined. */
function inlineRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(inlineRefs);
  if (!schema || typeof schema !== 'object') return schema;
  const record = schema as JsonSchema;
  if (record.$ref === '#/components/schemas/Problem') return problemSchema;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, inlineRefs(value)]));
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: JsonSchema): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(inlineRefs(schema) as JsonSchema);
    validators.set(key, validate);
  }
  return validate;
}

const violations: string[] = [];

/** The violations seen since the last call (and forgets them). */
export function takeContractViolations(): string[] {
  return violations.splice(0, violations.length);
}

function mediaType(contentType: unknown): string {
  return String(contentType ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function bodyText(payload: unknown): string | null {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return null; // a stream (a file download): its bytes are not read here
}

/** Checks one answer; pass it to buildApp as `onAnswer`. */
export function checkAnswer(answer: Answer): void {
  const where = `${answer.method} ${answer.url} → ${answer.status}`;
  const type = mediaType(answer.headers['content-type']);
  if (!answer.routeKey) {
    // Not a route of the table: the 404 of an unknown address, a 405 of a known one, the web app, the docs.
    if (answer.url.startsWith('/api/') && !answer.url.startsWith('/api/docs') && answer.status >= 400) {
      if (type !== 'application/problem+json') violations.push(`${where}: error sent as "${type}", not problem+json`);
      if (answer.status === 405 && !answer.headers.allow) violations.push(`${where}: 405 without an Allow header`);
    }
    return;
  }
  const [method, path] = answer.routeKey.split(' ');
  const openApiPath = path.replace(/:(\w+)/g, '{$1}');
  const operation = (document.paths[openApiPath] as unknown as Record<string, Operation> | undefined)?.[
    method.toLowerCase()
  ];
  const documented = operation?.responses[String(answer.status)];
  if (!documented) {
    violations.push(`${where}: status ${answer.status} is not documented for ${answer.routeKey}`);
    return;
  }
  const content = documented.content;
  if (!content) {
    if (bodyText(answer.payload)) violations.push(`${where}: documented without a body, but one was sent`);
    return;
  }
  const [documentedType, { schema }] = Object.entries(content)[0];
  if (documentedType !== '*/*' && type !== documentedType) {
    violations.push(`${where}: sent as "${type}", documented as "${documentedType}"`);
    return;
  }
  if (documentedType !== 'application/json' && documentedType !== 'application/problem+json') return;
  const text = bodyText(answer.payload);
  if (text === null) return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    violations.push(`${where}: the body is not JSON`);
    return;
  }
  const validate = validatorFor(`${answer.routeKey} ${answer.status}`, schema);
  if (!validate(body)) {
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    violations.push(`${where}: the body does not match the documented schema: ${problems.join('; ')}`);
  }
}
