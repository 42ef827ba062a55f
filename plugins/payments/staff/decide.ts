import type { FastifyRequest } from 'fastify';

/**
 * Runs a back-office decision in one transaction on the request's entity manager, so the rows it
 * changes, the audit entry (`ctx.audit` persists on this flush) and the customer's email commit
 * together or not at all.
 */
export async function inTransaction<T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> {
  await request.em.begin();
  try {
    const result = await work();
    await request.em.commit();
    return result;
  } catch (err) {
    await request.em.rollback();
    throw err;
  }
}

/** A reason typed by an operator: trimmed, 3 to 500 characters, or null. */
export function reasonOf(value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  return text.length >= 3 && text.length <= 500 ? text : null;
}
