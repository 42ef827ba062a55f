import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from 'portal/testing';
import { act, auditRows, customer, fileForm, formUrl, mailsTo, operator, requestRow, signedIn, sql, startRequestsPortal, unescaped } from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startRequestsPortal();
});
afterAll(async () => portal?.dispose());

const serviceStatus = async (id: number) => (await sql<{ status: string }>(portal, 'SELECT status FROM account_services WHERE id = ?', [id]))[0].status;

describe('reconnection', () => {
  it('is offered only for suspended or cut services', async () => {
    const ana = await customer(portal, 'norte', 'ana', [{ status: 'active' }, { status: 'suspended' }, { status: 'cut' }, { status: 'cancelled' }]);
    const client = await signedIn(portal, ana);
    const [active, suspended, cut, cancelled] = ana.services;
    expect((await client.get(formUrl('reconnection', ana.accountNumber, suspended))).statusCode).toBe(200);
    expect((await client.get(formUrl('reconnection', ana.accountNumber, cut))).statusCode).toBe(200);
    expect((await client.get(formUrl('reconnection', ana.accountNumber, active))).statusCode).toBe(404);
    expect((await client.get(formUrl('reconnection', ana.accountNumber, cancelled))).statusCode).toBe(404);
    // A service type without a service, or an account type with one, is not a form.
    expect((await client.get(formUrl('reconnection', ana.accountNumber))).statusCode).toBe(404);
    expect((await client.get(formUrl('ownership-change', ana.accountNumber, suspended))).statusCode).toBe(404);
    const choose = await client.get('/service-requests/new');
    expect(unescaped(choose.body)).toContain(`href="/service-requests/new/reconnection?account=NORTE-ANA&service=${suspended}"`);
    expect(choose.body).not.toContain(`service=${active}"`);
  });

  it('approved: the service is active again and the tenant’s fee reaches the statement through invoices', async () => {
    const beto = await customer(portal, 'norte', 'beto', [{ status: 'cut' }]);
    const client = await signedIn(portal, beto);
    const url = formUrl('reconnection', beto.accountNumber, beto.services[0]);
    const form = await client.get(url);
    expect(form.body).toContain('Si aprobamos la reconexión, se suma un cargo de $ 3.500,00 a tu cuenta corriente.');
    const id = await fileForm(client, url, { reason: 'paid', details: 'Pagué ayer en Rapipago.' });
    expect((await requestRow(portal, id)).data).toEqual({ reason: 'paid', details: 'Pagué ayer en Rapipago.' });

    const staff = await operator(portal, 'norte', 'billing');
    expect((await act(staff, id, 'approve')).statusCode).toBe(303);
    expect(await serviceStatus(beto.services[0])).toBe('active');
    const movements = await sql(portal, 'SELECT kind, amount, description, external_id FROM account_movements WHERE account_id = ?', [beto.accountId]);
    expect(movements).toEqual([{ kind: 'adjustment', amount: '3500.00', description: `Cargo de reconexión (solicitud N° ${id})`, external_id: `service-request-${id}-reconnection-fee` }]);
    const [audit] = await auditRows(portal, 'norte', 'service-requests.service-reconnected');
    expect(audit.details).toMatchObject({ request: id, service: beto.services[0], previous: 'cut', fee: 3500 });
    expect((await mailsTo(portal, beto.email)).at(-1)!.subject).toBe(`Aprobamos tu solicitud N° ${id}: Reconexión`);
  });

  it('charges nothing where the tenant has no invoices, even with a fee set', async () => {
    const carla = await customer(portal, 'sur', 'carla', [{ status: 'suspended' }]);
    const client = await signedIn(portal, carla);
    const url = formUrl('reconnection', carla.accountNumber, carla.services[0]);
    const form = await client.get(url);
    expect(form.body).toContain('<h1>Reconnection</h1>');
    expect(form.body).not.toContain('fee of');
    const id = await fileForm(client, url, { reason: 'resolved' });
    expect((await act(await operator(portal, 'sur'), id, 'approve')).statusCode).toBe(303);
    expect(await serviceStatus(carla.services[0])).toBe('active');
    expect(await sql(portal, 'SELECT count(*)::int AS n FROM account_movements WHERE tenant_id = ?', ['sur'])).toEqual([{ n: 0 }]);
    const [audit] = await auditRows(portal, 'sur', 'service-requests.service-reconnected');
    expect(audit.details.fee).toBeNull();
    // South Water's own first request, whatever id the table gave it.
    expect((await mailsTo(portal, carla.email)).map((m) => m.subject)).toEqual([
      'We received your request No. 1: Reconnection',
      'Your request No. 1 was approved: Reconnection',
    ]);
  });

  it('refuses to apply once the service is no longer suspended, changing nothing', async () => {
    const dani = await customer(portal, 'norte', 'dani', [{ status: 'suspended' }]);
    const id = await fileForm(await signedIn(portal, dani), formUrl('reconnection', dani.accountNumber, dani.services[0]), { reason: 'other' });
    await sql(portal, `UPDATE account_services SET status = 'active' WHERE id = ?`, [dani.services[0]]);
    const res = await act(await operator(portal, 'norte'), id, 'approve');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('No se pudo aplicar y no se cambió nada: La solicitud ya no corresponde al estado actual');
    expect((await requestRow(portal, id)).status).toBe('submitted');
    expect(await sql(portal, 'SELECT count(*)::int AS n FROM account_movements WHERE account_id = ?', [dani.accountId])).toEqual([{ n: 0 }]);
  });
});
