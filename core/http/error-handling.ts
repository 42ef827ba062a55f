import type { FastifyError, FastifyInstance } from 'fastify';
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
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status }, error.message);
    if (wantsJson(request.headers.accept) || !request.tenant) {
      return reply.code(status).send({ statusCode: status, error: status >= 500 ? 'Internal Server Error' : error.message, requestId: request.id });
    }
    const key =
      error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET'
        ? 'errors.csrf'
        : status === 429
          ? 'errors.tooMany'
          : status === 413
            ? 'errors.tooLarge'
            : status >= 500
              ? 'errors.server'
              : 'errors.badRequest';
    try {
      return reply.page('error', { messageKey: key, requestId: request.id, status }, { title: 'errors.title', status });
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed to render');
      return reply.code(status).type('text/html').send(neutral(views, '500', reply, request.id));
    }
  });
}

function wantsJson(accept: string | undefined): boolean {
  return Boolean(accept && accept.includes('application/json') && !accept.includes('text/html'));
}
