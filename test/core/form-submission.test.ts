import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { createCustomer } from '../support/fixtures.ts';
import { claimSubmission, earlierAnswer, purgeSubmissions, recordAnswer, type Submission } from '../../core/http/form-submission.ts';

let portal: TestPortal;
let ana: number;
let beto: number;
beforeAll(async () => {
  portal = await startTestPortal();
  ana = (await createCustomer(portal, 'alpha')).customer.id;
  beto = (await createCustomer(portal, 'alpha')).customer.id;
});
afterAll(async () => portal?.dispose());

const rows = () => portal.db.orm.em.getConnection().execute<{ token: string }[]>(`SELECT token FROM form_submissions ORDER BY token`);

/** Claims and records a submission in one transaction, as a creating route does. */
async function create(s: Submission, location: string): Promise<string | null> {
  return portal.db.forTenant(s.tenantId).transactional(async (tx) => {
    const again = await claimSubmission(tx, s);
    if (!again) await recordAnswer(tx, s, location);
    return again;
  });
}

describe('one-time form submissions', () => {
  it('answer again only for the customer, tenant and form they were first sent on', async () => {
    const s: Submission = { tenantId: 'alpha', customerId: ana, form: 'x.create', token: 'tok-aaaaaaaaaaaaaaaaaaaa' };
    expect(await create(s, '/x/1')).toBeNull();
    expect(await create(s, '/x/2')).toBe('/x/1');
    const em = portal.db.forTenant('alpha');
    expect(await earlierAnswer(em, s)).toBe('/x/1');
    expect(await earlierAnswer(em, { ...s, customerId: beto })).toBeNull();
    expect(await earlierAnswer(em, { ...s, form: 'y.create' })).toBeNull();
    expect(await earlierAnswer(portal.db.forTenant('beta'), { ...s, tenantId: 'beta' })).toBeNull();
    // Another customer with the same token creates their own thing, and takes nothing over.
    expect(await create({ ...s, customerId: beto }, '/x/3')).toBeNull();
    expect(await earlierAnswer(em, s)).toBe('/x/1');
  });

  it('of a transaction that rolled back leave the token free', async () => {
    const s: Submission = { tenantId: 'alpha', customerId: ana, form: 'x.create', token: 'tok-bbbbbbbbbbbbbbbbbbbb' };
    await expect(
      portal.db.forTenant('alpha').transactional(async (tx) => {
        expect(await claimSubmission(tx, s)).toBeNull();
        await recordAnswer(tx, s, '/x/9');
        throw new Error('the creation failed');
      }),
    ).rejects.toThrow('the creation failed');
    expect(await earlierAnswer(portal.db.forTenant('alpha'), s)).toBeNull();
    expect(await create(s, '/x/10')).toBeNull();
  });

  it('are purged after a week, newer ones kept', async () => {
    const old: Submission = { tenantId: 'alpha', customerId: ana, form: 'x.create', token: 'tok-old-cccccccccccccccc' };
    await create(old, '/x/old');
    await portal.db.orm.em.getConnection().execute(`UPDATE form_submissions SET created_at = now() - interval '8 days' WHERE token = ?`, [old.token]);
    await purgeSubmissions(portal.db.orm.em.fork());
    expect((await rows()).map((r) => r.token)).toEqual(['tok-aaaaaaaaaaaaaaaaaaaa', 'tok-bbbbbbbbbbbbbbbbbbbb']);
  });
});
