import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer, formatDate } from 'portal/sdk';
import { statementCsv } from '../exports/csv.ts';
import { statementFileName, type StatementExport } from '../exports/statement-export.ts';
import { statementXlsx } from '../exports/xlsx.ts';
import { pdfBrand } from '../pdf/pdf-brand.ts';
import { statementPdf } from '../pdf/statement-pdf.ts';
import { presentMovement } from '../view-models/movement-row.ts';
import { translator, type Translate } from '../view-models/translate.ts';
import { statementRows, statementSummary } from '../data/statement.ts';
import { sqlOf } from '../data/sql.ts';
import { EXPORT_FORMATS, type InvoicesSettings } from '../settings.ts';
import { pickAccount } from './owned-account.ts';
import { parseStatementQuery, type StatementQuery } from './statement-filter.ts';
import { sendDownload } from './send-download.ts';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** The statement's selected range as a file; formats the tenant has not allowed do not exist. */
export function exportRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  for (const format of EXPORT_FORMATS) {
    app.get<{ Querystring: StatementQuery }>(`/invoices/statement.${format}`, { preHandler: requireCustomer }, async (request, reply) => {
      const settings = ctx.settings<InvoicesSettings>(request);
      const account = pickAccount(request.customer!, request.query.account);
      if (!account || !settings.exportFormats.includes(format)) return reply.callNotFound();
      const { filter } = parseStatementQuery(request.query);
      const sql = sqlOf(request.em);
      const [summary, rows] = await Promise.all([
        statementSummary(sql, request.tenant.id, account.id, filter),
        statementRows(sql, request.tenant.id, account.id, filter),
      ]);
      const t = translator(ctx.portal, request);
      const data: StatementExport = {
        brandName: request.brand.name,
        accountNumber: account.number,
        holderName: account.holderName,
        filter,
        balance: summary.balance,
        generatedAt: formatDate(new Date(), request.tenant.timezone, true),
        movements: rows.map((r) => presentMovement(r, t)),
        labels: exportLabels(t),
      };
      const content =
        format === 'csv' ? statementCsv(data) : format === 'xlsx' ? await statementXlsx(data) : await statementPdf(data, pdfBrand(request.tenant, request.brand.id, settings.pdfLogos), request.locale);
      return sendDownload(reply, statementFileName(data, format), CONTENT_TYPES[format], content);
    });
  }
}

export function exportLabels(t: Translate): StatementExport['labels'] {
  const k = (key: string) => t(`invoices.statement.${key}`);
  return {
    title: k('title'),
    account: k('account'),
    range: k('range'),
    allMovements: k('allMovements'),
    from: k('from'),
    to: k('to'),
    currentBalance: k('currentBalance'),
    generatedAt: k('generatedAt'),
    date: k('date'),
    concept: k('concept'),
    debit: k('debit'),
    credit: k('credit'),
    balance: k('balance'),
    page: t('invoices.statement.pageOf', { page: '{page}', pages: '{pages}' }),
  };
}

