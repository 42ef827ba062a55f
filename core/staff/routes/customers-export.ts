import type { FastifyInstance } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { everyMatch, type CustomerSearchRow } from '../customer-search.ts';
import { exportFormat, sendTableExport, type ExportColumn } from '../../exports/table-export.ts';

/** The access column's words, as the list shows them. */
const ACCESS_LABEL: Record<CustomerSearchRow['access'], string> = {
  none: 'staff.customers.noLogin',
  'key-pending': 'staff.customers.keyPending',
  active: 'staff.customers.hasLogin',
  locked: 'staff.customer.locked',
};

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
        { header: t('staff.customers.login'), value: (r) => t(ACCESS_LABEL[r.access]), width: 24 },
      ];
      return sendTableExport(reply, {
        format,
        fileName: `clientes-${request.tenant.id}-${new Date().toISOString().slice(0, 10)}`,
        sheetName: t('staff.customers.title'),
        columns,
        rows: everyMatch(request, q),
        timezone: request.tenant.timezone,
      });
    },
  );
}
