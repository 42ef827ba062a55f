import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exportFormat, sendTableExport, type ExportColumn, type StaffRoutesContext } from 'portal/sdk';
import { isPaymentStatus } from '../domain/statuses.ts';
import { requestTranslator, type Translate } from '../i18n.ts';
import { agreementRowsForExport, paymentRowsForExport, reportRowsForExport, type AgreementExportRow, type PaymentExportRow, type ReportExportRow } from './export-queries.ts';
import { PERMISSION_VIEW } from './permissions.ts';

type ExportRequest = { Params: { format: string }; Querystring: Record<string, string | undefined> };

const REPORT_STATUSES = ['reported', 'accepted', 'rejected'];
const AGREEMENT_STATUSES = ['pending', 'approved', 'rejected', 'completed'];

/**
 * CSV and XLSX of the three payment lists, with the filter the page shows (the tab, the search):
 * every row, not only the page's last 100. Whoever may read a list may export it; each export is
 * audited with its filter, before the first row goes out.
 */
export function exportRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  const send = <Row>(request: FastifyRequest<ExportRequest>, reply: FastifyReply, what: string, filter: Record<string, unknown>, columns: (t: Translate) => ExportColumn<Row>[], rows: AsyncIterable<Row>) => {
    const format = exportFormat(request.params.format)!;
    const t = requestTranslator(ctx.portal.views, request);
    ctx.audit(request, { action: 'payments.exported', outcome: 'success', details: { list: what, format, filter } });
    return request.em.flush().then(() =>
      sendTableExport(reply, {
        format,
        fileName: `${what}-${request.tenant.id}-${new Date().toISOString().slice(0, 10)}`,
        sheetName: t(`staff.export.sheet.${what}`),
        columns: columns(t),
        rows,
        timezone: request.tenant.timezone,
      }),
    );
  };

  app.get<ExportRequest>('/payments/export.:format', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    if (!exportFormat(request.params.format)) return reply.callNotFound();
    const overpaid = request.query.overpaid === '1';
    const status = !overpaid && isPaymentStatus(request.query.status) ? request.query.status : null;
    const q = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 128) : '';
    const filter = { status, overpaid, search: q || null };
    return send(request, reply, 'payments', filter, paymentColumns, paymentRowsForExport(request.em, request.tenant.id, filter));
  });

  app.get<ExportRequest>('/payments/reports/export.:format', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    if (!exportFormat(request.params.format)) return reply.callNotFound();
    const status = REPORT_STATUSES.find((s) => s === request.query.status) ?? 'reported';
    return send(request, reply, 'reports', { status }, reportColumns, reportRowsForExport(request.em, request.tenant.id, status));
  });

  app.get<ExportRequest>('/payments/agreements/export.:format', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    if (!exportFormat(request.params.format)) return reply.callNotFound();
    const status = AGREEMENT_STATUSES.find((s) => s === request.query.status) ?? 'pending';
    return send(request, reply, 'agreements', { status }, agreementColumns, agreementRowsForExport(request.em, request.tenant.id, status));
  });
}

const paymentColumns = (t: Translate): ExportColumn<PaymentExportRow>[] => [
  { header: t('staff.export.createdAt'), value: (r) => r.created_at, type: 'datetime', width: 18 },
  { header: t('staff.export.paidAt'), value: (r) => r.paid_at, type: 'datetime', width: 18 },
  { header: t('staff.export.reference'), value: (r) => r.reference, width: 16 },
  { header: t('staff.account'), value: (r) => r.account_number, width: 18 },
  { header: t('staff.export.customer'), value: (r) => r.customer_name, width: 28 },
  { header: t('staff.export.gateway'), value: (r) => t(`gateway.${r.gateway}`), width: 16 },
  { header: t('staff.export.amount'), value: (r) => r.amount, type: 'money', width: 14 },
  { header: t('staff.export.status'), value: (r) => t(`status.${r.status}`), width: 16 },
  { header: t('staff.export.operation'), value: (r) => r.gateway_payment_id, width: 20 },
  { header: t('staff.export.overpaid'), value: (r) => r.overpaid, type: 'money', width: 14 },
];

const reportColumns = (t: Translate): ExportColumn<ReportExportRow>[] => [
  { header: t('staff.received'), value: (r) => r.created_at, type: 'datetime', width: 18 },
  { header: t('staff.account'), value: (r) => r.account_number, width: 18 },
  { header: t('staff.export.customer'), value: (r) => r.customer_name, width: 28 },
  { header: t('staff.export.amount'), value: (r) => r.amount, type: 'money', width: 14 },
  { header: t('reports.paidOn'), value: (r) => r.paid_on, type: 'date', width: 12 },
  { header: t('reports.how'), value: (r) => t(`method.${r.method}`), width: 18 },
  { header: t('report.collector'), value: (r) => r.collector, width: 20 },
  { header: t('staff.export.reference'), value: (r) => r.reference, width: 18 },
  { header: t('report.invoice'), value: (r) => r.invoice_label, width: 22 },
  { header: t('staff.export.status'), value: (r) => t(`reportStatus.${r.status}`), width: 14 },
  { header: t('agreements.rejectReason'), value: (r) => r.reject_reason, width: 30 },
  { header: t('staff.export.reviewedAt'), value: (r) => r.reviewed_at, type: 'datetime', width: 18 },
  { header: t('staff.export.reviewer'), value: (r) => r.reviewer_name, width: 22 },
];

const agreementColumns = (t: Translate): ExportColumn<AgreementExportRow>[] => [
  { header: t('staff.received'), value: (r) => r.created_at, type: 'datetime', width: 18 },
  { header: t('staff.account'), value: (r) => r.account_number, width: 18 },
  { header: t('staff.export.customer'), value: (r) => r.customer_name, width: 28 },
  { header: t('agreements.debt'), value: (r) => r.debt, type: 'money', width: 14 },
  { header: t('agreements.downPayment'), value: (r) => r.down_payment, type: 'money', width: 14 },
  { header: t('staff.export.instalments'), value: (r) => Number(r.instalments), type: 'number', width: 10 },
  { header: t('staff.export.instalmentAmount'), value: (r) => r.instalment_amount, type: 'money', width: 14 },
  { header: t('staff.export.status'), value: (r) => t(`agreementStatus.${r.status}`), width: 14 },
  { header: t('agreements.rejectReason'), value: (r) => r.reject_reason, width: 30 },
  { header: t('staff.export.reviewedAt'), value: (r) => r.reviewed_at, type: 'datetime', width: 18 },
];
