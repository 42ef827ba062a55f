import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import { servicesRoutes as servicesPage } from './services-page.ts';

export function servicesRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  servicesPage(app, ctx);
}
