import type { FastifyInstance } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import { queueRoutes } from './queue.ts';
import { detailRoutes } from './detail.ts';
import { actionRoutes } from './actions.ts';
import { bulkRoutes } from './bulk.ts';

/** The back-office side: queue, detail with documents, and the decisions. */
export function staffRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  queueRoutes(app, ctx);
  detailRoutes(app, ctx);
  actionRoutes(app, ctx);
  bulkRoutes(app, ctx);
}
