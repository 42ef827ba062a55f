import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import { payPageRoutes } from './pay-page.ts';
import { checkoutRoutes } from './checkout.ts';
import { returnRoutes } from './return.ts';
import { webhookRoutes } from './webhooks.ts';
import { sandboxRoutes } from './sandbox.ts';
import { couponRoutes } from './coupon.ts';
import { reportRoutes } from './report.ts';
import { reportReceiptRoutes } from './report-receipt.ts';
import { agreementRoutes } from './agreements.ts';

export async function paymentsRoutes(app: FastifyInstance, ctx: PluginRoutesContext): Promise<void> {
  payPageRoutes(app, ctx);
  checkoutRoutes(app, ctx);
  returnRoutes(app, ctx);
  sandboxRoutes(app, ctx);
  couponRoutes(app, ctx);
  reportRoutes(app, ctx);
  reportReceiptRoutes(app, ctx);
  agreementRoutes(app, ctx);
  await webhookRoutes(app, ctx);
}
