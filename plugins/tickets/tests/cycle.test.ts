import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, type Client, auditRows, createStaff, loginStaff, type StaffFixture } from 'portal/testing';
import { customer, follow, HOSTS, mails, postMultipart, signedIn, sql, startTicketsPortal, ticketRow, type TestCustomer } from './harness.ts';

let portal: TestPortal;
let ana: TestCustomer;
let anaClient: Client;
let laura: StaffFixture;
let staff: Client;

const LINK = 'http://soporte.localhost:3000/tickets/1';
const STAFF_LINK = 'http://soporte.localhost:3000/staff/tickets/1';
const NO_REPLIES = 'Por favor, no respondas este email: las respuestas por email no se reciben. Para contestar, entrá al ticket desde el enlace.';
const FACTS = ['- Asunto: Se corta a la noche', '- Tipo de consulta: Problema técnico', '- Cuenta: SOPORTE-ANA', '- Servicio: Fibra Hogar 300 Mb · Av. Bolivia 2140'].join('\n');

/** Messages sent since the last call, as recipient | subject | text. */
let seen = 0;
async function newMails() {
  const all = await mails(portal, 'soporte');
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh.map((m) => ({ to: m.to_address, subject: m.subject, text: m.text }));
}

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await customer(portal, 'soporte', 'ana', [{ kind: 'internet', plan: 'Fibra Hogar 300 Mb', address: 'Av. Bolivia 2140' }]);
  anaClient = await signedIn(portal, 'soporte', ana);
  laura = await createStaff(portal, 'soporte', { role: 'support', name: 'Laura Gómez', email: 'laura@soporte.test' });
  staff = await loginStaff(portal, HOSTS.soporte, laura);
});
afterAll(async () => portal?.dispose());

describe('a ticket from opening to reopening', () => {
  it('opens: the customer gets a receipt, the notify list the ticket', async () => {
    await anaClient.get('/tickets/new');
    const res = await postMultipart(portal, anaClient, '/tickets', {
      service: String(ana.services[0]),
      category: 'technical',
      subject: 'Se corta a la noche',
      message: 'Desde el lunes se corta internet entre las 21 y las 23.\n\nEl módem queda con la luz roja.',
    });
    expect(res.headers.location).toBe('/tickets/1');
    const page = await follow(anaClient, res);
    expect(page.body).toContain('Recibimos tu ticket N° 1. Te avisamos por email cuando te respondamos.');
    expect(page.body).toContain('Pendiente de respuesta');
    expect(await newMails()).toEqual([
      {
        to: 'mesa@soporte.test',
        subject: 'Nuevo ticket N° 1: Se corta a la noche',
        text: ['Ana abrió el ticket N° 1:', FACTS, 'Desde el lunes se corta internet entre las 21 y las 23.\n\nEl módem queda con la luz roja.', `Abrir el ticket: ${STAFF_LINK}`, NO_REPLIES].join('\n\n'),
      },
      {
        to: 'ana@soporte.test',
        subject: 'Recibimos tu ticket N° 1',
        text: ['Hola, Ana:', 'Recibimos tu ticket N° 1, «Se corta a la noche». Te avisamos por email cuando te respondamos.', `Ver el ticket: ${LINK}`, NO_REPLIES].join('\n\n'),
      },
    ]);
    expect(await ticketRow(portal, 'soporte', 1)).toMatchObject({ status: 'open', customer_id: ana.customerId, account_id: ana.accountId, service_id: ana.services[0], category: 'technical' });
  });

  it('staff reply: the ticket waits for the customer, who gets the reply by email', async () => {
    await staff.get('/staff/tickets/1');
    const res = await staff.post('/staff/tickets/1/reply', { message: 'Vemos microcortes en tu zona.\nReiniciá el módem y contanos.' });
    expect(res.statusCode).toBe(303);
    expect(await newMails()).toEqual([
      {
        to: 'ana@soporte.test',
        subject: 'Respondimos tu ticket N° 1',
        text: [
          'Hola, Ana:',
          'Laura Gómez respondió tu ticket N° 1, «Se corta a la noche»:',
          'Vemos microcortes en tu zona.\nReiniciá el módem y contanos.',
          `Ver el ticket y responder: ${LINK}`,
          NO_REPLIES,
        ].join('\n\n'),
      },
    ]);
    const row = await ticketRow(portal, 'soporte', 1);
    expect(row).toMatchObject({ status: 'answered' });
    expect(row.answered_at).not.toBeNull();
    const page = await anaClient.get('/tickets/1');
    expect(page.body).toContain('Respondido');
    expect(page.body).toContain('Reiniciá el módem y contanos.');
  });

  it('customer reply: back in the provider’s court, and the notify list hears of it', async () => {
    await anaClient.get('/tickets/1');
    const res = await postMultipart(portal, anaClient, '/tickets/1/reply', { message: 'Reinicié y sigue igual.' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/tickets/1#latest');
    expect(await newMails()).toEqual([
      {
        to: 'mesa@soporte.test',
        subject: 'Respuesta del cliente en el ticket N° 1: Se corta a la noche',
        text: ['Ana respondió el ticket N° 1:', FACTS, 'Reinicié y sigue igual.', `Abrir el ticket: ${STAFF_LINK}`, NO_REPLIES].join('\n\n'),
      },
    ]);
    expect(await ticketRow(portal, 'soporte', 1)).toMatchObject({ status: 'open', answered_at: null });
  });

  it('close: the customer is told until when it can be reopened', async () => {
    await staff.get('/staff/tickets/1');
    expect((await staff.post('/staff/tickets/1/close')).statusCode).toBe(303);
    const row = await ticketRow(portal, 'soporte', 1);
    expect(row.status).toBe('closed');
    const until = new Date(new Date(row.closed_at!).getTime() + 30 * 86_400_000).toLocaleDateString('es-AR', {
      timeZone: 'America/Argentina/Buenos_Aires',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    expect(await newMails()).toEqual([
      {
        to: 'ana@soporte.test',
        subject: 'Cerramos tu ticket N° 1',
        text: ['Hola, Ana:', 'Cerramos tu ticket N° 1, «Se corta a la noche».', `Si el problema sigue, podés reabrirlo desde el portal hasta el ${until}.`, `Ver el ticket: ${LINK}`, NO_REPLIES].join('\n\n'),
      },
    ]);
    const page = await anaClient.get('/tickets/1');
    expect(page.body).toContain('Cerramos el ticket');
    expect(page.body).toContain(`podés reabrirlo con un mensaje hasta el ${until}`);
    expect(page.body).not.toContain('action="/tickets/1/reply');
    // A reply to a closed ticket is refused; reopening is the way.
    const late = await postMultipart(portal, anaClient, '/tickets/1/reply', { message: 'Hola?' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Este ticket se cerró mientras escribías.');
    expect(await newMails()).toEqual([]);
  });

  it('reopen with a message (seed 003): open again, staff told, the thread shows it', async () => {
    await anaClient.get('/tickets/1');
    const res = await postMultipart(portal, anaClient, '/tickets/1/reopen', { message: 'Volvió a cortarse anoche.' });
    expect(res.statusCode).toBe(303);
    expect(await newMails()).toEqual([
      {
        to: 'mesa@soporte.test',
        subject: 'El cliente reabrió el ticket N° 1: Se corta a la noche',
        text: ['Ana reabrió el ticket N° 1:', FACTS, 'Volvió a cortarse anoche.', `Abrir el ticket: ${STAFF_LINK}`, NO_REPLIES].join('\n\n'),
      },
    ]);
    expect(await ticketRow(portal, 'soporte', 1)).toMatchObject({ status: 'open', closed_at: null });
    const page = await follow(anaClient, res);
    expect(page.body).toContain('Reabriste el ticket N° 1. Lo vamos a revisar.');
    expect(page.body).toMatch(/Reabriste el ticket ·[\s\S]*Volvió a cortarse anoche\./);
    // Reopening an open ticket changes nothing.
    const again = await postMultipart(portal, anaClient, '/tickets/1/reopen', { message: 'Otra vez' });
    expect(again.statusCode).toBe(409);
    expect(await newMails()).toEqual([]);
  });

  it('kept every status change in the ticket history, with who made it', async () => {
    const events = await sql(portal, `SELECT kind, from_status, to_status, actor_type, actor_id FROM tickets_events ORDER BY id`);
    expect(events).toEqual([
      { kind: 'status', from_status: null, to_status: 'open', actor_type: 'customer', actor_id: ana.customerId },
      { kind: 'status', from_status: 'open', to_status: 'answered', actor_type: 'staff', actor_id: laura.id },
      { kind: 'status', from_status: 'answered', to_status: 'open', actor_type: 'customer', actor_id: ana.customerId },
      { kind: 'status', from_status: 'open', to_status: 'closed', actor_type: 'staff', actor_id: laura.id },
      { kind: 'status', from_status: 'closed', to_status: 'open', actor_type: 'customer', actor_id: ana.customerId },
    ]);
    const page = await staff.get('/staff/tickets/1');
    expect(page.body).toContain('Ana abrió el ticket.');
    expect(page.body).toContain('Laura Gómez: Sin responder → Esperando al cliente.');
    expect(page.body).toContain('Laura Gómez: Sin responder → Cerrado.');
    expect(page.body).toContain('Ana: Cerrado → Sin responder.');
  });

  it('and in the audit log, customers and operators alike', async () => {
    const trail = await sql(portal, `SELECT action, actor_type, actor_id, subject, outcome FROM audit_log WHERE tenant_id = 'soporte' AND action LIKE 'tickets.%' ORDER BY id`);
    const customerId = String(ana.customerId);
    const staffId = String(laura.id);
    expect(trail).toEqual([
      { action: 'tickets.opened', actor_type: 'customer', actor_id: customerId, subject: 'ticket-1', outcome: 'success' },
      { action: 'tickets.replied', actor_type: 'staff', actor_id: staffId, subject: 'ticket-1', outcome: 'success' },
      { action: 'tickets.replied', actor_type: 'customer', actor_id: customerId, subject: 'ticket-1', outcome: 'success' },
      { action: 'tickets.closed', actor_type: 'staff', actor_id: staffId, subject: 'ticket-1', outcome: 'success' },
      { action: 'tickets.reopened', actor_type: 'customer', actor_id: customerId, subject: 'ticket-1', outcome: 'success' },
    ]);
    expect(await auditRows(portal, 'soporte', 'tickets.closed')).toEqual([expect.objectContaining({ details: { number: 1, from: 'open' } })]);
    const admin = await loginStaff(portal, HOSTS.soporte, await createStaff(portal, 'soporte', { role: 'administrator' }));
    const viewer = await admin.get('/staff/audit?subject=ticket-1');
    for (const label of ['Ticket abierto', 'Ticket respondido', 'Ticket cerrado', 'Ticket reabierto']) expect(viewer.body).toContain(label);
  });
});
