import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * The back office's own 404 and error pages, so a mistake there keeps the operator inside the
 * back-office frame. Same messages as the customer pages (`errors.*`).
 */
export function staffErrorPages(scope: FastifyInstance): void {
  scope.setNotFoundHandler(async (request, reply) =>
    reply.staffPage('staff/not-found', {}, { title: 'errors.notFoundTitle', status: 404 }),
  );

  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'staff request failed');
    else request.log.info({ code: error.code, status }, error.message);
    const messageKey =
      error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET'
        ? 'errors.csrf'
        : status === 429
          ? 'errors.tooMany'
          : status === 413
            ? 'errors.tooLarge'
            : status >= 500
              ? 'errors.server'
              : 'errors.badRequest';
    return reply.staffPage('staff/error', { messageKey, requestId: request.id }, { title: 'errors.title', status });
  });
}
