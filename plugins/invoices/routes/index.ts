import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import { deliveryRoutes } from './delivery.ts';
import { detailRoute } from './detail.ts';
import { exportRoutes } from './exports.ts';
import { listRoute } from './list.ts';
import { pdfRoute } from './pdf.ts';
import { statementRoute } from './statement.ts';

export async function invoicesRoutes(app: FastifyInstance, ctx: PluginRoutesContext): Promise<void> {
  listRoute(app, ctx);
  statementRoute(app, ctx);
  exportRoutes(app, ctx);
  deliveryRoutes(app, ctx);
  detailRoute(app, ctx);
  pdfRoute(app, ctx);
}
