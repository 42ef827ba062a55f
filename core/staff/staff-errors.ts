import type { FastifyError, FastifyInstance } from 'fastify';
import { askToRetry, errorMessageKey, errorStatus, logError } from '../http/error-handling.ts';

/**
 * The back office's own 404 and error pages, so a mistake there keeps the operator inside the
 * back-office frame. Same messages as the customer pages (`errors.*`).
 */
export function staffErrorPages(scope: FastifyInstance): void {
  scope.setNotFoundHandler(async (request, reply) =>
    reply.staffPage('staff/not-found', {}, { title: 'errors.notFoundTitle', status: 404 }),
  );

  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = errorStatus(error);
    logError(request, error, status);
    askToRetry(reply, status);
    return reply.staffPage('staff/error', { messageKey: errorMessageKey(error, status), requestId: request.id }, { title: 'errors.title', status });
  });
}
