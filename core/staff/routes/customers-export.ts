import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { searchCustomers, type CustomerSearchRow } from '../customer-search.ts';
import { exportFormat, sendTableExport, type ExportColumn } from '../../exports/table-export.ts';

/** Rows fetched per round trip of the search. */
const BATCH = 1000;

/**
 * Every account the customer search finds for `q`, through the search itself (so the export
 * finds what the page finds, whatever the search becomes), a page at a time: memory holds one
 * page. Pages are by offset: a search matching hundreds of thousands of accounts gets slower
 * towards its end, never larger in memory.
 */
async function* allMatches(request: FastifyRequest, q: string): AsyncGenerator<CustomerSearchRow> {
  for (let page = 1; ; page++) {
    const { rows } = await searchCustomers(request, q, page, BATCH);
    yield* rows;
    if (rows.length < BATCH) return;
  }
}

/** The customer list's search as CSV or XLSX, for operators who may see customers; audited. */
export async function staffCustomerExportRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  app.get<{ Querystring: { q?: string }; Params: { format: string } }>(
    '/customers/export.:format',
    { preHandler: deps.guards.requirePermission('customers.view') },
    async (request, reply) => {
      const format = exportFormat(request.params.format);
      if (!format) return reply.callNotFound();
      const q = String(request.query.q ?? '').slice(0, 100);
      deps.guards.audit(request, { action: 'staff.customers-exported', outcome: 'success', details: { format, q } });
      await request.em.flush();
      const catalog = deps.services.views.catalogFor(request.tenant);
      const t = (key: string) => catalog.t(request.locale, key);
      const columns: ExportColumn<CustomerSearchRow>[] = [
        { header: t('staff.customers.account'), value: (r) => r.number, width: 18 },
        { header: t('staff.customers.holder'), value: (r) => r.holderName, width: 30 },
        { header: t('staff.customers.document'), value: (r) => r.document, width: 18 },
        { header: t('staff.customers.email'), value: (r) => r.email, width: 30 },
        { header: t('staff.customers.loginName'), value: (r) => r.customerName, width: 30 },
        { header: t('staff.customers.login'), value: (r) => (r.customerId ? t('staff.customers.hasLogin') : t('staff.customers.noLogin')), width: 14 },
        { header: t('staff.customers.lockedColumn'), value: (r) => (r.locked ? t('staff.customers.yes') : t('staff.customers.no')), width: 10 },
      ];
      return sendTableExport(reply, {
        format,
        fileName: `clientes-${request.tenant.id}-${new Date().toISOString().slice(0, 10)}`,
        sheetName: t('staff.customers.title'),
        columns,
        rows: allMatches(request, q),
        timezone: request.tenant.timezone,
      });
    },
  );
}
