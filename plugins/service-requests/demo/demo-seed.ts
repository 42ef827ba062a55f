import { type DemoSeedContext, Account, AccountService } from 'portal/sdk';
import { requestTypesOf } from '../types/registry.ts';
import { seedDemoRequest } from '../data/seed-request.ts';
import { demoPdf } from './demo-pdf.ts';

/**
 * Two requests for the demo: an ownership change waiting for the customer to send a clearer ID
 * (so the "answer" form shows), and a reconnection of a suspended or cut service just filed.
 * Both on accounts that have a login, so the demo customer sees them.
 */
export async function seedDemo(ctx: DemoSeedContext): Promise<void> {
  const requestTypes = requestTypesOf(ctx.portal);
  const offered = new Set(requestTypes.forTenant(ctx.tenant).map((t) => t.id));
  const held = ctx.accounts.filter((a) => a.customerId !== null);
  if (held.length === 0) return;
  const accounts = await ctx.em.find(Account, { id: { $in: held.map((a) => a.id) } }, { orderBy: { number: 'asc' } });
  const services = await ctx.em.find(AccountService, { accountId: { $in: accounts.map((a) => a.id) } }, { orderBy: { id: 'asc' } });

  const first = accounts[0];
  if (offered.has('ownership-change')) {
    await seedDemoRequest(ctx, {
      externalId: `demo-ownership-${first.number}`,
      type: requestTypes.get('ownership-change')!,
      account: first,
      service: null,
      daysAgo: 4,
      data: {
        newHolderName: 'Sofía Benítez',
        newHolderDocument: '40123456',
        newHolderEmail: 'sofia.benitez@example.com',
        newHolderPhone: '+54 9 11 5555-0199',
        relationship: 'family',
        comment: 'Me mudo por trabajo y la casa queda a cargo de mi hija.',
        currentHolderConsent: true,
      },
      files: [
        { slot: 'newHolderId', filename: 'dni-sofia-benitez.pdf', data: demoPdf('DNI Sofia Benitez'), mime: 'application/pdf' },
        { slot: 'consent', filename: 'nota-conformidad.pdf', data: demoPdf('Nota de conformidad del titular'), mime: 'application/pdf' },
      ],
      steps: [
        { action: 'review' },
        { action: 'ask', message: 'La copia del DNI de la nueva titular no se lee bien. Envianos una foto nítida del frente y del dorso.' },
      ],
    });
  }

  const stopped = services.find((s) => s.status === 'suspended' || s.status === 'cut');
  const owner = stopped && accounts.find((a) => a.id === stopped.accountId);
  if (stopped && owner && offered.has('reconnection')) {
    await seedDemoRequest(ctx, {
      externalId: `demo-reconnection-${owner.number}`,
      type: requestTypes.get('reconnection')!,
      account: owner,
      service: stopped,
      daysAgo: 1,
      data: { reason: 'paid', details: 'Pagué la deuda ayer en Rapipago.' },
      steps: [],
    });
  }
}
