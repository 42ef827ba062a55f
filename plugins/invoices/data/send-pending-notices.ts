import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import { invoiceType } from '../domain/invoice-types.ts';
import type { InvoicesSettings } from '../settings.ts';
import { isNotifiable, notifyNewInvoice } from './notify-new-invoice.ts';
import { sqlOf } from './sql.ts';

export interface PendingNoticesDeps {
  em: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
  settings: InvoicesSettings;
  log: { error(obj: unknown, msg: string): void };
}

export interface PendingNoticesResult {
  /** Pending rows this batch took. */
  taken: number;
  /** Emails queued. */
  emailed: number;
  /** Cleared without an email: paper delivery, no address, or cancelled since the import. */
  skipped: number;
  /** Left pending for a later run. */
  failed: number;
}

/**
 * Takes up to `limit` of the tenant's bulk-imported invoices still waiting for their email, in one
 * transaction: SKIP LOCKED leaves rows another process is working on to that process, and each
 * email is queued in the same transaction that deletes its row, so a crash anywhere before the
 * commit leaves both undone and the next run starts over: every invoice is emailed once.
 */
export function sendPendingNotices(deps: PendingNoticesDeps, limit: number): Promise<PendingNoticesResult> {
  const { tenant, portal, settings, log } = deps;
  return deps.em.transactional(async (em) => {
    const sql = sqlOf(em);
    const rows = await sql<{ invoice_id: number; type_code: number; cancelled: boolean }>(
      `SELECT p.invoice_id, i.type_code, i.cancelled
       FROM invoice_pending_notices p JOIN invoices i ON i.id = p.invoice_id
       WHERE p.tenant_id = ?
       ORDER BY p.attempts, p.invoice_id
       LIMIT ?
       FOR UPDATE OF p SKIP LOCKED`,
      [tenant.id, limit],
    );
    const result: PendingNoticesResult = { taken: rows.length, emailed: 0, skipped: 0, failed: 0 };
    for (const row of rows) {
      try {
        // A savepoint: an invoice whose PDF or email fails rolls back alone, not the whole batch.
        const emailed = await em.transactional(async (one) => {
          // The invoice may have been cancelled or retyped by a later load: judged as it is now.
          const sent = isNotifiable({ kind: invoiceType(row.type_code).kind, cancelled: row.cancelled })
            && (await notifyNewInvoice({ em: one, tenant, portal, settings, invoiceId: row.invoice_id }));
          await sqlOf(one)(`DELETE FROM invoice_pending_notices WHERE tenant_id = ? AND invoice_id = ?`, [tenant.id, row.invoice_id]);
          return sent;
        });
        if (emailed) result.emailed++;
        else result.skipped++;
      } catch (err) {
        result.failed++;
        log.error({ err, tenant: tenant.id, invoiceId: row.invoice_id }, 'imported invoice not emailed; tried again next run');
        await sql(`UPDATE invoice_pending_notices SET attempts = attempts + 1 WHERE tenant_id = ? AND invoice_id = ?`, [tenant.id, row.invoice_id]);
      }
    }
    return result;
  });
}
