import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import { listRoutes } from './list.ts';
import { historyRoutes } from './history.ts';
import { submitRoutes } from './submit.ts';
import { photoRoutes } from './photo.ts';
import { reminderRoutes } from './reminders.ts';

export function meterReadingsRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  listRoutes(app, ctx);
  reminderRoutes(app, ctx);
  photoRoutes(app, ctx);
  historyRoutes(app, ctx);
  submitRoutes(app, ctx);
}
