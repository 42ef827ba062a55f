import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ViewEngine } from '../views/view-engine.ts';
import { neutral } from './tenant-context.ts';

/**
 * Turns errors into pages a customer can act on: a 4xx keeps its status and says why, anything
 * else is a 500 whose details stay in the log (with the request id shown to quote to support).
 */
export function errorHandling(app: FastifyInstance, views: ViewEngine): void {
  app.setNotFoundHandler(async (request, reply) => {
    if (!request.tenant) return reply.code(404).type('text/html').send(neutral(views, '404', reply, request.id));
    return reply.page('not-found', {}, { title: 'errors.notFoundTitle', status: 404 });
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = errorStatus(error);
    logError(request, error, status);
    if (wantsJson(request.headers.accept) || !request.tenant) {
      return reply.code(status).send({ statusCode: status, error: status >= 500 ? 'Internal Server Error' : error.message, requestId: request.id });
    }
    try {
      return reply.page('error', { messageKey: errorMessageKey(error, status), requestId: request.id, status }, { title: 'errors.title', status });
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed to render');
      return reply.code(status).type('text/html').send(neutral(views, '500', reply, request.id));
    }
  });
}

export function errorStatus(error: FastifyError): number {
  return error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
}

/** A server fault is logged in full; a client mistake is routine and logged briefly. */
export function logError(request: FastifyRequest, error: FastifyError, status: number): void {
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: error.code, status }, error.message);
}

/** The i18n key (`errors.*`) that tells a customer or an operator what went wrong. */
export function errorMessageKey(error: FastifyError, status: number): string {
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') return 'errors.csrf';
  if (status === 429) return 'errors.tooMany';
  if (status === 413) return 'errors.tooLarge';
  return status >= 500 ? 'errors.server' : 'errors.badRequest';
}

function wantsJson(accept: string | undefined): boolean {
  return Boolean(accept && accept.includes('application/json') && !accept.includes('text/html'));
}
