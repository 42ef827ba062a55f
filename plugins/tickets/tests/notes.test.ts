import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, createStaff, loginStaff } from 'portal/testing';
import { customer, HOSTS, mails, openThroughForm, postMultipart, runAutoClose, signedIn, sql, startTicketsPortal, ticketRow } from './harness.ts';

let portal: TestPortal;
const SECRET = 'NOTA-INTERNA-el-cliente-debe-3-meses';

beforeAll(async () => {
  portal = await startTicketsPortal();
});
afterAll(async () => portal?.dispose());

describe('internal notes', () => {
  it('are kept for the team and never reach the customer, on any page or in any email', async () => {
    const ana = await customer(portal, 'soporte', 'ana');
    const client = await signedIn(portal, 'soporte', ana);
    const first = await openThroughForm(portal, client, { subject: 'Factura duplicada', message: 'Me llegaron dos facturas.', category: 'billing' });
    const second = await openThroughForm(portal, client, { subject: 'Sin servicio', message: 'No tengo internet.' });
    const operator = await loginStaff(portal, HOSTS.soporte, await createStaff(portal, 'soporte', { role: 'support', name: 'Pedro Ruiz' }));

    await operator.get(`/staff/tickets/${first}`);
    const before = await ticketRow(portal, 'soporte', first);
    expect((await operator.post(`/staff/tickets/${first}/note`, { message: `${SECRET}\nNo acreditar sin ver el pago.` })).statusCode).toBe(303);
    const after = await ticketRow(portal, 'soporte', first);
    // No status change and no activity the customer could notice.
    expect(after.status).toBe('open');
    expect(after.last_activity_at).toEqual(before.last_activity_at);
    expect((await operator.get(`/staff/tickets/${first}`)).body).toContain(SECRET);

    // Everything that could carry it to the customer happens next: a reply, a close, an auto-close.
    await operator.post(`/staff/tickets/${first}/reply`, { message: 'Ya anulamos la factura duplicada.' });
    await operator.post(`/staff/tickets/${first}/close`);
    await client.get(`/tickets/${first}`);
    await postMultipart(portal, client, `/tickets/${first}/reopen`, { message: 'Me volvió a llegar.' });
    await operator.get(`/staff/tickets/${second}`);
    await operator.post(`/staff/tickets/${second}/note`, { message: SECRET });
    await operator.post(`/staff/tickets/${second}/reply`, { message: 'Probá reiniciar el módem.' });
    await runAutoClose(portal, 'soporte', new Date(Date.now() + 6 * 86_400_000));
    expect((await ticketRow(portal, 'soporte', second)).status).toBe('closed');

    for (const path of ['/tickets', `/tickets/${first}`, `/tickets/${second}`, '/tickets?status=closed', '/dashboard']) {
      const page = await client.get(path);
      expect(page.statusCode, path).toBe(200);
      expect(page.body, path).not.toContain(SECRET);
      expect(page.body, path).not.toContain('Nota interna');
    }
    const sent = await mails(portal, 'soporte');
    expect(sent.filter((m) => m.to_address === 'ana@soporte.test').map((m) => m.subject)).toEqual([
      `Recibimos tu ticket N° ${first}`,
      `Recibimos tu ticket N° ${second}`,
      `Respondimos tu ticket N° ${first}`,
      `Cerramos tu ticket N° ${first}`,
      `Respondimos tu ticket N° ${second}`,
      `Cerramos tu ticket N° ${second}`,
    ]);
    for (const mail of sent) {
      expect(mail.text).not.toContain(SECRET);
      expect(mail.html).not.toContain(SECRET);
    }
    // Nor is the note's text in the audit trail, which more people read than the ticket.
    const audited = await sql(portal, `SELECT details FROM audit_log WHERE action = 'tickets.noted'`);
    expect(audited).toHaveLength(2);
    expect(JSON.stringify(audited)).not.toContain(SECRET);
  });
});
