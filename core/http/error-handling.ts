import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ViewEngine } from '../views/view-engine.ts';
import { neutral } from './tenant-context.ts';
import { isBackendUnavailable } from './backend-unavailable.ts';

/**
 * Turns errors into pages a customer can act on: a 4xx keeps its status and says why; the
 * database out of reach is a 503 saying to try again shortly (with Retry-After, which load
 * balancers and API clients read); anything else is a 500 whose details stay in the log (with
 * the request id shown to quote to support).
 */
export function errorHandling(app: FastifyInstance, views: ViewEngine): void {
  app.setNotFoundHandler(async (request, reply) => {
    if (!request.tenant) return reply.code(404).type('text/html').send(neutral(views, '404', reply, request.id));
    return reply.page('not-found', {}, { title: 'errors.notFoundTitle', status: 404 });
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = errorStatus(error);
    logError(request, error, status);
    askToRetry(reply, status);
    if (wantsJson(request.headers.accept) || !request.tenant) {
      return reply.code(status).send({ statusCode: status, error: status === 503 ? 'Service Unavailable' : status >= 500 ? 'Internal Server Error' : error.message, requestId: request.id });
    }
    try {
      return reply.page('error', { messageKey: errorMessageKey(error, status), requestId: request.id, status }, { title: 'errors.title', status });
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed to render');
      return reply.code(status).type('text/html').send(neutral(views, '500', reply, request.id));
    }
  });
}

/** Long enough for a pool to reconnect after a failover, short enough for a person waiting. */
const RETRY_AFTER_SECONDS = 5;

/** A 503 tells clients when to try again (browsers ignore it; API clients and proxies read it). */
export function askToRetry(reply: FastifyReply, status: number): void {
  if (status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
}

export function errorStatus(error: FastifyError): number {
  if (error.statusCode && error.statusCode >= 400) return error.statusCode;
  return isBackendUnavailable(error) ? 503 : 500;
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
  if (status === 503) return 'errors.unavailable';
  return status >= 500 ? 'errors.server' : 'errors.badRequest';
}

function wantsJson(accept: string | undefined): boolean {
  return Boolean(accept && accept.includes('application/json') && !accept.includes('text/html'));
}
