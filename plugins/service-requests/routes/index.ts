import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import { listRoutes } from './list.ts';
import { chooseRoutes } from './choose.ts';
import { submitRoutes } from './submit.ts';
import { detailRoutes } from './detail.ts';

export function serviceRequestsRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  listRoutes(app, ctx);
  chooseRoutes(app, ctx);
  submitRoutes(app, ctx);
  detailRoutes(app, ctx);
}
