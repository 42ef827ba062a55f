import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from '../../../core/plugins/define-plugin.ts';
import { servicesRoutes as servicesPage } from './services-page.ts';

export function servicesRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  servicesPage(app, ctx);
}
