import { definePlugin, AccountService, AuditEntry } from 'portal/sdk';
import { DecisionError, defineRequestType, requestTypeExtension } from '../../../api.ts';

/**
 * A plugin the way a third party would write one: it declares request types through the
 * service-requests API only, with no change to core or to service-requests.
 */
const addressCorrection = defineRequestType<{ newAddress: string; floor?: string }>({
  id: 'address-correction',
  plugin: 'sr-extra',
  labels: 'types.addressCorrection',
  target: 'service',
  formSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['newAddress'],
    properties: {
      newAddress: { type: 'string', minLength: 5, maxLength: 120 },
      floor: { type: 'string', maxLength: 10 },
    },
  },
  requiredDocuments: [{ id: 'bill', kinds: ['pdf', 'png'], maxBytes: 200_000 }],
  appliesTo: ({ service }) => service!.status !== 'cancelled',
  async onApprove(ctx) {
    const { newAddress, floor } = ctx.request.data;
    ctx.service!.address = floor ? `${newAddress}, ${floor}` : newAddress;
    ctx.audit({ action: 'sr-extra.address-corrected', subject: ctx.account.number, details: { request: ctx.request.id } });
    ctx.emitAfterCommit('sr-extra.address-corrected', { serviceId: ctx.service!.id });
  },
});

/** Writes, then fails: approving it must leave nothing behind. */
const failsMidway = defineRequestType<{ mode: 'error' | 'refuse' }>({
  id: 'fails-midway',
  plugin: 'sr-extra',
  labels: 'types.failsMidway',
  target: 'account',
  formSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['mode'],
    properties: { mode: { type: 'string', enum: ['error', 'refuse'] } },
  },
  async onApprove(ctx) {
    ctx.account.holderName = 'Cambiado a medias';
    await ctx.em.flush();
    await ctx.em.getConnection().execute(
      `UPDATE accounts SET document_number = '99999999' WHERE tenant_id = ? AND id = ?`,
      [ctx.tenant.id, ctx.account.id],
      'run',
      ctx.em.getTransactionContext(),
    );
    await ctx.statement.addCharge({ key: 'half', description: 'Nunca debería quedar', amount: 100 });
    ctx.audit({ action: 'sr-extra.half-done', subject: ctx.account.number });
    if (ctx.request.data.mode === 'refuse') throw new DecisionError('types.failsMidway.refused');
    throw new Error('failed half-way through');
  },
});

export default definePlugin({
  name: 'sr-extra',
  version: '0.0.1',
  sdk: '^1.0.0',
  dependsOn: ['service-requests'],
  contributes: [requestTypeExtension.contribute(addressCorrection, failsMidway)],
  events: {
    // Proves events a type asks for arrive after the commit, with the change already visible.
    'sr-extra.address-corrected': async (payload, ctx) => {
      const service = await ctx.em.findOne(AccountService, { id: payload.serviceId as number });
      ctx.em.create(AuditEntry, { tenantId: ctx.tenant.id, actorType: 'system', action: 'sr-extra.event-seen', outcome: 'success', details: { address: service?.address ?? null } } as any);
      await ctx.em.flush();
    },
  },
});
