import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer } from 'portal/sdk';
import { realDailyAverages } from '../domain/periods.ts';
import { usualDaily } from '../domain/plausibility.ts';
import { formatDaily } from '../domain/format.ts';
import type { ChartMetric } from '../domain/chart.ts';
import { chartView } from '../view-models/chart-view.ts';
import { historyRows } from '../view-models/history-view.ts';
import { meterView, windowView } from '../view-models/meter-view.ts';
import { ownedMeterState, requestContext } from './request-context.ts';

type HistoryRequest = { Params: { meterId: string }; Querystring: { metric?: string } };

/** A meter's consumption: the chart, the window notice and every reading with its source. */
export function historyRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<HistoryRequest>('/meter-readings/:meterId', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = requestContext(ctx, request);
    const state = await ownedMeterState(request, rc, request.params.meterId);
    if (!state) return reply.callNotFound();
    const { t } = rc;
    const metric: ChartMetric = request.query.metric === 'daily' ? 'daily' : 'consumption';
    const meter = meterView(state.meter, rc.settings, t);
    const usual = usualDaily(realDailyAverages(state.periods));
    const account = request.customer!.accounts.find((a) => a.id === state.meter.accountId);
    return reply.page(
      'meter-readings/history',
      {
        meter,
        account: account?.number,
        window: windowView(state.window, state.submission, state.meter, t),
        chart: chartView(state.periods, metric, rc.settings.chartPeriods, meter.unit, request.locale, t),
        metrics: (['consumption', 'daily'] as const).map((m) => ({
          href: m === 'daily' ? `${meter.href}?metric=daily#chart` : `${meter.href}#chart`,
          label: t(`chart.metric.${m}`),
          current: m === metric,
        })),
        rows: historyRows(state.periods, state.readings, meter.unit, meter.multiRegister, t),
        usual: usual !== null ? t('perDay', { value: formatDaily(usual), unit: meter.unit }) : null,
        reminders: rc.settings.reminders,
      },
      { title: 'meter-readings.history.title', section: 'meter-readings' },
    );
  });
}
