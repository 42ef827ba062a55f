import type { FastifyInstance, FastifyReply } from 'fastify';
import { type PluginRoutesContext, requireCustomer, checkUpload, answerAgain, claimSubmission, earlierAnswer, recordAnswer, submissionOf, localDate } from 'portal/sdk';
import type { ReceivableInvoice } from '../../invoices/api.ts';
import { formatDay } from '../domain/days.ts';
import { checkReport, REPORT_METHODS } from '../domain/report-rules.ts';
import { insertReport, RECEIPT_AREA, REPORT_SUBMITTED } from '../data/reports.ts';
import { documentName, documentType } from '../i18n.ts';
import { idParam, payContext, pickAccount, type OwnedAccount, type PayContext } from './context.ts';
import { readReportForm } from './read-report-form.ts';
import { fromCents } from '../domain/money.ts';
import { notifyCustomer } from '../staff/notify.ts';

const RECEIPT_KINDS = ['pdf', 'jpg', 'png'] as const;
const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/**
 * Seed 004, "informar pagos": a payment made elsewhere, with its receipt, goes to the back office
 * as "reported". The receipt must be a real PDF, JPG or PNG (extension and first bytes agree),
 * one file, within the tenant's size limit; it is kept outside every served folder.
 */
export function reportRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Querystring: { account?: string; invoice?: string } }>('/payments/report', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    const account = pickAccount(rc.customer, request.query.account);
    if (!rc.settings.reports.enabled || !account) return reply.callNotFound();
    const today = localDate(new Date(), request.tenant.timezone);
    return renderForm(reply, rc, account, await rc.receivables.openInvoices(account.id), { values: { paidOn: today, invoice: request.query.invoice ?? '' }, errors: {} });
  });

  app.post('/payments/report', { preHandler: requireCustomer, config: { multipart: true } }, async (request, reply) => {
    const rc = payContext(ctx, request);
    if (!rc.settings.reports.enabled) return reply.callNotFound();
    const maxBytes = rc.settings.reports.maxBytes;
    const form = await readReportForm(request, maxBytes);
    const account = pickAccount(rc.customer, form.fields.account);
    if (!account) return reply.callNotFound();
    const submission = submissionOf(request, 'payments.report', form.fields);
    const earlier = await earlierAnswer(request.em, submission);
    if (earlier) return answerAgain(ctx.portal.views, request, reply, earlier);

    let invoice: ReceivableInvoice | null = null;
    if (form.fields.invoice) {
      const id = idParam(form.fields.invoice);
      [invoice] = id ? await rc.receivables.invoices(account.id, [id]) : [];
      if (!invoice) return reply.callNotFound();
    }
    const checked = checkReport(form.fields, localDate(new Date(), request.tenant.timezone));
    const errors: Record<string, string> = checked.ok ? {} : Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [k, rc.t(`report.errors.${v}`)]));
    const max = { max: (maxBytes / 1_000_000).toLocaleString('es-AR', { maximumFractionDigits: 1 }) };
    let receipt: { data: Buffer; mime: string; filename: string } | null = null;
    if (form.tooMany) errors.receipt = rc.t('report.errors.tooMany');
    else if (form.tooLarge) errors.receipt = rc.t('report.errors.too-large', max);
    else if (!form.receipt) errors.receipt = rc.t('report.errors.required');
    else {
      const upload = await checkUpload(form.receipt.data, form.receipt.filename, RECEIPT_KINDS, maxBytes);
      if (upload.ok) receipt = { data: form.receipt.data, mime: upload.mime, filename: form.receipt.filename };
      else errors.receipt = rc.t(`report.errors.${upload.reason}`, max);
    }
    if (!checked.ok || !receipt) {
      const open = await rc.receivables.openInvoices(account.id);
      return renderForm(reply, rc, account, open, { values: form.fields, errors }, 422);
    }

    const tenantId = request.tenant.id;
    const stored = await ctx.portal.files.put(tenantId, RECEIPT_AREA, receipt.data);
    const sentTo = `/payments?account=${encodeURIComponent(account.number)}`;
    let again: string | null;
    try {
      // The provider API's webhooks hear of the report in the transaction that stores it.
      again = await request.em.transactional(async (tx) => {
        const first = await claimSubmission(tx, submission);
        if (first) return first;
        const reportId = await insertReport(tx, tenantId, {
          accountId: account.id,
          customerId: rc.customer.id,
          ...checked.report,
          invoice: invoice ? { id: invoice.id, externalId: invoice.externalId, kind: invoice.kind, label: `${invoice.letter} ${invoice.fiscalNumber}` } : null,
          receiptKey: stored.key,
          receiptType: receipt.mime,
        });
        await ctx.portal.events.emit(request.tenant, tx, REPORT_SUBMITTED, {
          reportId, accountId: account.id, customerId: rc.customer.id, receipt: { filename: receipt.filename.slice(0, 255), type: receipt.mime, size: stored.size },
        });
        // At once, not only when staff decide: the customer keeps proof of what they reported.
        await notifyCustomer(tx, ctx.portal, {
          tenant: request.tenant,
          accountId: account.id,
          customerId: rc.customer.id,
          template: 'report-received',
          data: {
            amount: fromCents(checked.report.amountCents),
            paidOn: formatDay(checked.report.paidOn),
            method: checked.report.method,
            // Named by the email in the recipient's language, which need not be the page's.
            invoice: invoice ? { type: documentType(invoice.kind), label: `${invoice.letter} ${invoice.fiscalNumber}` } : null,
          },
          path: sentTo,
        });
        await recordAnswer(tx, submission, sentTo);
        return null;
      });
    } catch (err) {
      await ctx.portal.files.remove(tenantId, stored.key);
      throw err;
    }
    if (again) {
      // The same form, sent at the same moment, stored the report first.
      await ctx.portal.files.remove(tenantId, stored.key);
      return answerAgain(ctx.portal.views, request, reply, again);
    }
    reply.flash('success', rc.t('report.sent', { date: formatDay(checked.report.paidOn) }));
    return reply.redirect(sentTo, 303);
  });
}

function renderForm(reply: FastifyReply, rc: PayContext, account: OwnedAccount, open: ReceivableInvoice[], state: FormState, status = 200) {
  const v = state.values;
  return reply.page(
    'payments/report',
    {
      account: { number: account.number },
      accountOptions: rc.customer.accounts.map((a) => ({ number: a.number, selected: a.id === account.id })),
      invoices: open.map((d) => ({ id: d.id, name: `${documentName(rc.t, d.kind, `${d.letter} ${d.fiscalNumber}`)} · ${formatDay(d.dueDate)}`, selected: String(d.id) === v.invoice })),
      methods: REPORT_METHODS.map((m) => ({ value: m, label: rc.t(`method.${m}`), selected: m === v.method })),
      values: v,
      errors: state.errors,
      hasErrors: Object.keys(state.errors).length > 0,
      accept: ACCEPT,
      maxMb: (rc.settings.reports.maxBytes / 1_000_000).toLocaleString('es-AR', { maximumFractionDigits: 1 }),
    },
    { title: 'payments.report.title', section: 'payments', status },
  );
}
