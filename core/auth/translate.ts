import type { FastifyRequest } from 'fastify';
import type { ViewEngine } from '../views/view-engine.ts';

/** A string in the request's language with the tenant's own wording: for flashes and subjects built in code. */
export function translate(views: ViewEngine, request: FastifyRequest, key: string, params?: Record<string, unknown>): string {
  return views.catalogFor(request.tenant).t(request.locale, key, params);
}
