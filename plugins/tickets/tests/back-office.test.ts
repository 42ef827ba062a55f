import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { auditRows, createStaff, loginStaff, outbox, runJob, type Client, type StaffFixture, type TestPortal } from 'portal/testing';
import { customer, HOSTS, sql, startTicketsPortal, ticketRow, type TestCustomer } from './harness.ts';

let portal: TestPortal;
let ana: TestCustomer;
let laura: StaffFixture;
let pedro: StaffFixture;
let support: Client;
const n: Record<string, number> = {};

const queueNumbers = (body: string) => [...body.matchAll(/<tr data-ticket="(\d+)"/g)].map((m) => Number(m[1]));
const rowOf = (body: string, number: number) => new RegExp(`<tr data-ticket="${number}"[\\s\\S]*?</tr>`).exec(body)![0];

/** A ticket opened `hoursAgo`, its last activity then too; returns its number. */
async function ticket(key: string, subject: string, category: string, hoursAgo: number, extra = ''): Promise<void> {
  const number = Object.keys(n).length + 1;
  await sql(
    portal,
    `INSERT INTO tickets (tenant_id, number, customer_id, account_id, category, subject, status, created_at, last_activity_at ${extra ? ', first_answered_at, answered_at' : ''})
     VALUES ('plazos', ?, ?, ?, ?, ?, ?, now() - ? * interval '1 hour', now() - ? * interval '1 hour' ${extra ? ', now(), now()' : ''})`,
    [number, ana.customerId, ana.accountId, category, subject, extra || 'open', hoursAgo, hoursAgo],
  );
  n[key] = number;
}

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await customer(portal, 'plazos', 'ana');
  // plazos promises a first answer in 8 h (4 h for billing) and resolution in 72 h.
  await ticket('fresh', 'Consulta nueva', 'technical', 1);
  await ticket('lateBilling', 'Cargo doble', 'billing', 5); // first answer due 4 h after opening: 1 h ago
  await ticket('old', 'Router quemado', 'technical', 3); // first answer due in 5 h
  await ticket('veryLate', 'Sin servicio hace días', 'technical', 80, 'answered'); // answered, resolution due 8 h ago
  await ticket('soon', 'Factura rara', 'billing', 3); // first answer due in 1 h: inside the 2 h warning
  laura = await createStaff(portal, 'plazos', { role: 'support', name: 'Laura Gómez', email: 'laura@plazos.test' });
  pedro = await createStaff(portal, 'plazos', { role: 'support', name: 'Pedro Ruiz', email: 'pedro@plazos.test' });
  support = await loginStaff(portal, HOSTS.plazos, laura);
});
afterAll(async () => portal?.dispose());

describe('promised times', () => {
  it('puts overdue tickets first, most overdue first, and shows age, due time and the state', async () => {
    const page = await support.get('/staff/tickets');
    expect(page.statusCode).toBe(200);
    // The rest keep the queue's order: oldest activity first.
    expect(queueNumbers(page.body)).toEqual([n.veryLate, n.lateBilling, n.old, n.soon, n.fresh]);
    const late = rowOf(page.body, n.lateBilling);
    expect(late).toContain('Vencido');
    expect(late).toContain('5 h');
    expect(rowOf(page.body, n.veryLate)).toContain('3 d 8 h');
    expect(rowOf(page.body, n.soon)).toContain('Vence pronto');
    expect(rowOf(page.body, n.fresh)).not.toMatch(/Vencido|Vence pronto/);
  });

  it('counts the overdue tickets on the overview', async () => {
    const overview = await support.get('/staff');
    const card = /<li class="card staff-figure([^"]*)" id="figure-tickets-breached">[\s\S]*?<\/li>/.exec(overview.body)!;
    expect(card[0]).toContain('Tickets con plazo vencido');
    expect(card[0]).toContain('<p class="card-value">2</p>');
    expect(card[1]).toContain('staff-figure-attention');
  });

  it('mails the team before a promise runs out, once per ticket and promise, then the assignee', async () => {
    expect(await runJob(portal, { plugin: 'tickets', name: 'sla-warnings', tenant: 'plazos', processes: 2 })).toEqual(expect.arrayContaining([true, false]));
    const team = await outbox(portal, 'plazos', 'equipo@plazos.test');
    expect(team.map((m) => m.subject)).toEqual([expect.stringMatching(new RegExp(`^El ticket N° ${n.soon} tiene que responderse antes de las \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d$`))]);
    expect(team[0].text).toContain('Factura rara');
    expect(team[0].text).toContain('no está asignado a nadie');
    expect(await sql(portal, `SELECT ticket_id, kind FROM tickets_sla_warnings WHERE tenant_id = 'plazos'`)).toEqual([
      { ticket_id: (await ticketRow(portal, 'plazos', n.soon)).id, kind: 'first-answer' },
    ]);
    // A later slot: the same warning is not sent again; a ticket assigned to Pedro warns Pedro.
    await sql(portal, `UPDATE tickets SET assigned_to = ?, created_at = now() - interval '7 hours' WHERE tenant_id = 'plazos' AND number = ?`, [pedro.id, n.fresh]);
    await runJob(portal, { plugin: 'tickets', name: 'sla-warnings', tenant: 'plazos', slot: new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000) });
    expect(await outbox(portal, 'plazos', 'equipo@plazos.test')).toHaveLength(1);
    const toPedro = await outbox(portal, 'plazos', 'pedro@plazos.test');
    expect(toPedro.map((m) => m.subject)).toEqual([expect.stringContaining(`El ticket N° ${n.fresh} tiene que responderse`)]);
    expect(toPedro[0].text).toContain('asignado a vos');
    await sql(portal, `UPDATE tickets SET assigned_to = NULL, created_at = now() - interval '1 hour' WHERE tenant_id = 'plazos' AND number = ?`, [n.fresh]);
  });
});

describe('exports of the filtered queue', () => {
  it('downloads the filtered queue as XLSX, read back with every ticket of the filter and an audit entry', async () => {
    const res = await support.get('/staff/tickets/export.xlsx?category=billing');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="tickets-plazos-\d{4}-\d\d-\d\d\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1).slice(0, 4)).toEqual(['Número', 'Asunto', 'Tipo de consulta', 'Estado']);
    expect(sheet.rowCount).toBe(3);
    expect(values(2).slice(0, 6)).toEqual([n.lateBilling, 'Cargo doble', 'Facturación y pagos', 'Sin responder', 'Ana', 'PLAZOS-ANA']);
    expect(values(2)[10]).toBe('Sí');
    expect(values(3)[1]).toBe('Factura rara');
    expect(values(2)[7]).toBeInstanceOf(Date);
    expect(await auditRows(portal, 'plazos', 'tickets.exported')).toEqual([
      expect.objectContaining({ actor_id: String(laura.id), details: { format: 'xlsx', filter: { category: 'billing' } } }),
    ]);
  });

  it('downloads CSV for Excel in es-AR; an unknown format is a 404; field staff, who cannot read tickets, get a 403', async () => {
    const res = await support.get('/staff/tickets/export.csv?status=answered');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(lines).toHaveLength(2);
    expect(lines[1].slice(0, 4)).toEqual([String(n.veryLate), 'Sin servicio hace días', 'Problema técnico', 'Esperando al cliente']);
    expect(lines[1][7]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    expect((await support.get('/staff/tickets/export.pdf')).statusCode).toBe(404);
    const field = await createStaff(portal, 'plazos', { role: 'field', email: 'campo@plazos.test' });
    expect((await (await loginStaff(portal, HOSTS.plazos, field)).get('/staff/tickets/export.csv')).statusCode).toBe(403);
  });
});

describe('bulk actions', () => {
  it('assigns the chosen tickets, one history event and audit entry each; one already assigned is reported unchanged', async () => {
    await support.get('/staff/tickets');
    await sql(portal, `UPDATE tickets SET assigned_to = ? WHERE tenant_id = 'plazos' AND number = ?`, [pedro.id, n.old]);
    const res = await support.post('/staff/tickets/bulk/assign', { ticket: [String(n.fresh), String(n.soon), String(n.old), '999'], assignee: String(pedro.id), back: '/staff/tickets?category=billing' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/staff/tickets?category=billing');
    const page = await support.get('/staff/tickets');
    expect(page.body).toContain(`Asignados a Pedro Ruiz: N° ${n.fresh}, N° ${n.soon}.`);
    expect(page.body).toContain(`Sin cambios: N° ${n.old}.`);
    expect(page.body).toContain('No encontrados: 999.');
    for (const k of ['fresh', 'soon', 'old']) expect((await ticketRow(portal, 'plazos', n[k])).assigned_to).toBe(pedro.id);
    const audit = await auditRows(portal, 'plazos', 'tickets.assigned');
    expect(audit.map((a) => a.subject)).toEqual([`ticket-${n.fresh}`, `ticket-${n.soon}`]);
    const events = await sql(portal, `SELECT count(*)::int AS c FROM tickets_events WHERE tenant_id = 'plazos' AND kind = 'assigned'`);
    expect(events).toEqual([{ c: 2 }]);
  });

  it('closes many at once and mails each customer; the same close sent twice at once closes each ticket once', async () => {
    await support.get('/staff/tickets');
    const body = { ticket: [String(n.fresh), String(n.soon)], back: '/staff/tickets' };
    const [a, b] = await Promise.all([support.post('/staff/tickets/bulk/close', body), support.post('/staff/tickets/bulk/close', body)]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    for (const k of ['fresh', 'soon']) expect((await ticketRow(portal, 'plazos', n[k])).status).toBe('closed');
    expect((await auditRows(portal, 'plazos', 'tickets.closed')).map((r) => r.subject).sort()).toEqual([`ticket-${n.fresh}`, `ticket-${n.soon}`].sort());
    expect((await outbox(portal, 'plazos', ana.email)).filter((m) => m.subject.startsWith('Cerramos tu ticket'))).toHaveLength(2);
  });

  it('refuses an empty choice with a message, and staff who may not assign', async () => {
    await support.get('/staff/tickets');
    await support.post('/staff/tickets/bulk/assign', { assignee: 'me', back: '/staff/tickets' });
    expect((await support.get('/staff/tickets')).body).toContain('No elegiste ningún ticket.');
    const billing = await loginStaff(portal, HOSTS.plazos, await createStaff(portal, 'plazos', { role: 'billing', email: 'cobros@plazos.test' }));
    await billing.get('/staff/tickets');
    expect((await billing.post('/staff/tickets/bulk/assign', { ticket: String(n.old), assignee: 'me' })).statusCode).toBe(403);
  });
});

describe('saved filters', () => {
  it('saves the queue’s filter under a name for this operator only, opens it and deletes it', async () => {
    await support.get('/staff/tickets?category=billing&status=open');
    const saved = await support.post('/staff/saved-filters', { queue: 'tickets', path: '/staff/tickets', query: 'status=open&category=billing&page=3', name: 'Cobros sin responder' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/staff/tickets?category=billing&status=open');
    const page = await support.get('/staff/tickets?category=billing&status=open');
    expect(page.body).toContain('Filtro guardado.');
    expect(page.body).toContain('<a href="/staff/tickets?category&#x3D;billing&amp;status&#x3D;open" aria-current="true">Cobros sin responder</a>');
    const [row] = await sql<{ id: number; staff_id: number }>(portal, `SELECT id, staff_id FROM staff_saved_filters WHERE tenant_id = 'plazos'`);
    expect(row.staff_id).toBe(laura.id);
    // Pedro sees none of Laura's filters and cannot delete them.
    const pedroClient = await loginStaff(portal, HOSTS.plazos, pedro);
    expect((await pedroClient.get('/staff/tickets')).body).not.toContain('Cobros sin responder');
    expect((await pedroClient.post(`/staff/saved-filters/${row.id}/delete`, { back: '/staff/tickets' })).statusCode).toBe(404);
    // A name is required; without the CSRF token nothing is saved.
    await support.get('/staff/tickets');
    await support.post('/staff/saved-filters', { queue: 'tickets', path: '/staff/tickets', query: '', name: '  ' });
    expect((await support.get('/staff/tickets')).body).toContain('Poné un nombre de hasta 60 caracteres');
    const deleted = await support.post(`/staff/saved-filters/${row.id}/delete`, { back: '/staff/tickets' });
    expect(deleted.statusCode).toBe(303);
    expect(await sql(portal, `SELECT id FROM staff_saved_filters WHERE tenant_id = 'plazos'`)).toEqual([]);
  });
});
