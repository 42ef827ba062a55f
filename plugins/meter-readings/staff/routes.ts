import type { FastifyInstance } from 'fastify';
import { type StaffRoutesContext, sendStoredFile } from 'portal/sdk';
import type { MeterKind, MeterReadingsSettings } from '../settings.ts';
import { MeterReadingsProvider } from '../data/provider-service.ts';
import { Reading } from '../entities.ts';
import { QUEUE_LIMIT, queueRows } from './queue-query.ts';
import { requestTranslator } from '../i18n.ts';
import { registerLabel } from '../view-models/meter-view.ts';
import { formatLocalDate, formatNumber } from '../domain/format.ts';

export const PERMISSION_VIEW = 'meter-readings.view';
export const PERMISSION_BILL = 'meter-readings.bill';

/**
 * The provider's side in the back office: the readings customers sent, a CSV of them for the
 * billing system, and marking them as taken into billing (after which a customer can no longer
 * replace them). Every change is audited with the operator as actor.
 */
export function staffRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<{ Querystring: { billed?: string } }>('/meter-readings', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const billed = request.query.billed === '1';
    const settings = ctx.settings<MeterReadingsSettings>(request);
    const t = requestTranslator(ctx.portal.views, request);
    const { rows, total } = await queueRows(request.em, request.tenant.id, billed);
    return reply.staffPage(
      'meter-readings/staff/queue',
      {
        billedView: billed,
        canBill: !billed && request.staff!.permissions.has(PERMISSION_BILL),
        total,
        truncated: total > QUEUE_LIMIT,
        limit: QUEUE_LIMIT,
        readings: rows.map((r) => {
          const unit = r.unit ?? settings.units[r.meterKind as MeterKind] ?? '';
          return {
            id: r.id,
            accountId: r.accountId,
            accountNumber: r.accountNumber,
            meter: `${t(`kind.${r.meterKind}`)} · ${r.meterNumber}`,
            register: r.register === 'total' ? null : registerLabel(r.register, t),
            readOn: formatLocalDate(r.readOn),
            value: `${formatNumber(r.value)} ${unit}`,
            previous: r.previous ? t('staff.previous', { value: formatNumber(r.previous.value), date: formatLocalDate(r.previous.readOn) }) : null,
            consumption: r.consumption !== null ? `${formatNumber(r.consumption)} ${unit}` : '—',
            unusual: r.confirmedImplausible,
            photo: r.hasPhoto ? `/staff/meter-readings/readings/${r.id}/photo` : null,
            submittedAt: r.submittedAt,
            billedAt: r.billedAt,
          };
        }),
      },
      { title: 'meter-readings.staff.title', section: 'meter-readings' },
    );
  });

  app.get('/meter-readings/export.csv', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const csv = await new MeterReadingsProvider(request.em, request.tenant.id).exportSubmittedCsv();
    ctx.audit(request, { action: 'meter-readings.exported', outcome: 'success', details: { rows: csv.split('\r\n').length - 2 } });
    await request.em.flush();
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="lecturas-${request.tenant.id}-${stamp}.csv"`)
      .send(csv);
  });

  app.post<{ Body: { reading?: string | string[] } }>('/meter-readings/billed', { config: { permission: PERMISSION_BILL } }, async (request, reply) => {
    const ids = ([] as unknown[]).concat(request.body?.reading ?? []).map(Number).filter(Number.isSafeInteger).slice(0, QUEUE_LIMIT);
    const t = requestTranslator(ctx.portal.views, request);
    // The marks and their audit entry commit together.
    await request.em.begin();
    try {
      const marked = await new MeterReadingsProvider(request.em, request.tenant.id).markBilled(ids);
      if (marked.length) ctx.audit(request, { action: 'meter-readings.billed', outcome: 'success', details: { readings: marked } });
      await request.em.commit();
      reply.flash(marked.length ? 'success' : 'info', t(marked.length ? 'staff.marked' : 'staff.markedNone', { count: marked.length }));
    } catch (err) {
      await request.em.rollback();
      throw err;
    }
    return reply.redirect('/staff/meter-readings', 303);
  });

  app.get<{ Params: { readingId: string } }>('/meter-readings/readings/:readingId/photo', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const id = Number(request.params.readingId);
    const reading = Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647
      ? await request.em.findOne(Reading, { id, source: 'customer', photoPath: { $ne: null } })
      : null;
    const file = reading ? await ctx.portal.files.get(request.tenant.id, reading.photoPath!) : null;
    if (!reading || !file) return reply.callNotFound();
    reply
      .type(reading.photoType ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename="lectura-${reading.id}"`);
    return sendStoredFile(reply, file);
  });
}
