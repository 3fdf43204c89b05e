import type { FastifyError, FastifyInstance } from 'fastify';
import { type Lang, pick } from '../../domain/i18n.js';
import { Problem, type ProblemKind } from '../../domain/problem.js';

const KIND_BY_STATUS: Record<number, ProblemKind> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  405: 'method_not_allowed',
  415: 'unsupported_media',
  429: 'rate_limited',
};

/** The problem+json document of a Problem in the request's language. */
export function problemDocument(problem: Problem, lang: Lang) {
  return {
    type: `https://taizhang.app/problems/${problem.kind}`,
    title: pick(problem.title, lang),
    status: problem.status,
    ...(problem.detail ? { detail: pick(problem.detail, lang) } : {}),
    ...(problem.errors.length > 0
      ? { errors: problem.errors.map((e) => ({ field: e.field, message: pick(e.message, lang) })) }
      : {}),
    ...problem.extra,
  };
}

/** Every error leaves as application/problem+json; unexpected ones without stack or SQL. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Problem, req, reply) => {
    let problem: Problem;
    if (error instanceof Problem) {
      problem = error;
    } else if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (error as { name?: string }).name === 'SyntaxError'
    ) {
      problem = new Problem('invalid', { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' }, [
        { field: '_body', message: { zh: '不是有效的 JSON', en: 'not valid JSON' } },
      ]);
    } else if (error.statusCode && KIND_BY_STATUS[error.statusCode]) {
      problem = new Problem(KIND_BY_STATUS[error.statusCode]);
    } else {
      req.log.error({ err: error }, 'unexpected error');
      reply
        .status(500)
        .type('application/problem+json')
        .send({
          type: 'https://taizhang.app/problems/internal',
          title: req.lang === 'en' ? 'Something went wrong on our side' : '服务器内部错误',
          status: 500,
        });
      return;
    }
    reply.status(problem.status).type('application/problem+json').send(problemDocument(problem, req.lang));
  });
  app.setNotFoundHandler((req, reply) => {
    const problem = new Problem('not_found', { zh: '没有这个地址', en: 'No such route' });
    reply.status(404).type('application/problem+json').send(problemDocument(problem, req.lang));
  });
}
