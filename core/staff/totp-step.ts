import type { FastifyRequest } from 'fastify';

/**
 * Records `step` as the operator's last used one, only if it is newer than the stored one: of two
 * requests racing with the same code, exactly one wins.
 */
export async function claimTotpStep(request: FastifyRequest, staffUserId: number, step: number): Promise<boolean> {
  const res = await request.em.getConnection().execute<{ affectedRows: number }>(
    `UPDATE staff_users SET totp_last_step = ?
     WHERE id = ? AND tenant_id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)`,
    [step, staffUserId, request.tenant.id, step],
    'run',
  );
  return (res.affectedRows ?? 0) === 1;
}
