import type { FastifyRequest } from 'fastify';
import type { PluginRoutesContext } from 'portal/sdk';
import type { MeterReadingsSettings } from '../settings.ts';
import { requestTranslator, type Translate } from '../i18n.ts';
import { ownedMeter } from '../data/meters.ts';
import { meterStates, type MeterState } from '../data/meter-state.ts';

export interface RequestContext {
  settings: MeterReadingsSettings;
  t: Translate;
  accountIds: number[];
  customerId: number;
}

/** What every customer page of the plugin starts from; routes run behind requireCustomer. */
export function requestContext(ctx: PluginRoutesContext, request: FastifyRequest): RequestContext {
  const customer = request.customer!;
  return {
    settings: ctx.settings<MeterReadingsSettings>(request),
    t: requestTranslator(ctx.portal.views, request),
    accountIds: customer.accounts.map((a) => a.id),
    customerId: customer.id,
  };
}

/** The meter named in the URL with its state, only if it belongs to one of the customer's accounts. */
export async function ownedMeterState(request: FastifyRequest, rc: RequestContext, meterId: string): Promise<MeterState | null> {
  const meter = await ownedMeter(request.em, meterId, rc.accountIds);
  if (!meter) return null;
  const [state] = await meterStates(request.em, [meter], rc.settings, new Date(), request.tenant.timezone);
  return state;
}
