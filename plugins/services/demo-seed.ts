import { type DemoSeedContext, Account, AccountService } from 'portal/sdk';
import { requestTypesOf, seedDemoRequest } from '../service-requests/api.ts';
import type { ServicesSettings } from './settings.ts';
import { otherPlans } from './plans.ts';

/**
 * A plan change under review (an upgrade to the next plan of the kind) and a cancellation that was
 * turned down with a reason, on the demo accounts that have a login: the services page shows one
 * in progress, the requests page both.
 */
export async function seedDemo(ctx: DemoSeedContext): Promise<void> {
  const settings = ctx.tenant.plugins.get('services') as unknown as ServicesSettings;
  const requestTypes = requestTypesOf(ctx.portal);
  const offered = new Set(requestTypes.forTenant(ctx.tenant).map((t) => t.id));
  const held = ctx.accounts.filter((a) => a.customerId !== null);
  if (held.length === 0) return;
  const accounts = await ctx.em.find(Account, { id: { $in: held.map((a) => a.id) } }, { orderBy: { number: 'asc' } });
  const services = (await ctx.em.find(AccountService, { accountId: { $in: accounts.map((a) => a.id) } }, { orderBy: { id: 'asc' } })).filter(
    (s) => s.status === 'active',
  );

  const movable = services.find((s) => otherPlans(settings, s).length > 0);
  if (movable && offered.has('plan-change')) {
    await seedDemoRequest(ctx, {
      externalId: `demo-plan-change-${movable.id}`,
      type: requestTypes.get('plan-change')!,
      account: accounts.find((a) => a.id === movable.accountId)!,
      service: movable,
      daysAgo: 2,
      data: { plan: otherPlans(settings, movable).at(-1)!.id, comment: 'Trabajo desde casa y necesito más velocidad.' },
      steps: [{ action: 'review' }],
    });
  }

  const other = [...services].reverse().find((s) => s !== movable);
  if (other && offered.has('cancellation')) {
    await seedDemoRequest(ctx, {
      externalId: `demo-cancellation-${other.id}`,
      type: requestTypes.get('cancellation')!,
      account: accounts.find((a) => a.id === other.accountId)!,
      service: other,
      daysAgo: 20,
      data: { reason: 'price', details: 'Encontré un plan más barato.', understood: true },
      steps: [
        { action: 'review' },
        { action: 'rejected', message: 'El servicio tiene equipos en comodato. Para darlo de baja, devolvé el módem en cualquier sucursal o pedí el retiro a domicilio y volvé a iniciar el trámite.' },
      ],
    });
  }
}
