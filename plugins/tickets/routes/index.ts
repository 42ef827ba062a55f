import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import { listRoutes } from './list.ts';
import { openRoutes } from './open.ts';
import { threadRoutes } from './thread.ts';
import { attachmentRoutes } from './attachment.ts';

export function ticketRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  listRoutes(app, ctx);
  openRoutes(app, ctx);
  threadRoutes(app, ctx);
  attachmentRoutes(app, ctx);
}
