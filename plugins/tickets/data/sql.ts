import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `work` in a transaction on `em` itself rather than on a fork, so audit entries created on
 * the request's entity manager (ctx.audit, AuditLog.record) are flushed by the same commit as the
 * SQL they describe.
 */
export async function inTransaction<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  await em.begin();
  try {
    const result = await work();
    await em.commit();
    return result;
  } catch (err) {
    await em.rollback();
    throw err;
  }
}
