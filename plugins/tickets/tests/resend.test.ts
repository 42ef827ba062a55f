import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestPortal, Client } from 'portal/testing';
import { customer, follow, openThroughForm, PNG, postMultipart, signedIn, sql, startTicketsPortal } from './harness.ts';

let portal: TestPortal;
let ana: Client;
let bruno: Client;
let nora: Client;
let noraService: number;

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'ana'));
  bruno = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'bruno'));
  const noraCustomer = await customer(portal, 'nube', 'nora', [{ kind: 'hosting', plan: 'Básico' }]);
  noraService = noraCustomer.services[0];
  nora = await signedIn(portal, 'nube', noraCustomer);
});
afterAll(async () => portal?.dispose());

/** The one-time token the page's form carries. */
function tokenOf(page: { body: string }): string {
  const token = /name="_submission" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('the form carries no submission token');
  return token;
}

const storedFiles = () => {
  const dir = join(portal.config.dataDir, 'files', 'soporte', 'tickets');
  return existsSync(dir) ? readdirSync(dir).length : 0;
};
const ticketsWith = async (subject: string) => (await sql(portal, `SELECT number FROM tickets WHERE subject = ?`, [subject])).length;

describe('a ticket form sent again', () => {
  it('opens one ticket, stores one file, and sends the second post to the same ticket saying it arrived', async () => {
    const form = { category: 'technical', subject: 'Sin conexión (dos veces)', message: 'Se cortó todo.', _submission: tokenOf(await ana.get('/tickets/new')) };
    const filesBefore = storedFiles();
    const first = await postMultipart(portal, ana, '/tickets', form, [{ filename: 'modem.png', data: PNG }]);
    const second = await postMultipart(portal, ana, '/tickets', form, [{ filename: 'modem.png', data: PNG }]);
    expect(first.statusCode).toBe(303);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await ticketsWith(form.subject)).toBe(1);
    expect(storedFiles()).toBe(filesBefore + 1);
    expect((await follow(ana, second)).body).toContain('Ya lo recibimos');
  });

  it('answers in English on an English tenant', async () => {
    const form = { category: 'dns', service: String(noraService), subject: 'Twice in English', message: 'Hello.', _submission: tokenOf(await nora.get('/tickets/new')) };
    const first = await postMultipart(portal, nora, '/tickets', form);
    const second = await postMultipart(portal, nora, '/tickets', form);
    expect(first.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect((await follow(nora, second)).body).toContain('We already have it');
  });

  it('opens one ticket when both posts arrive at once', async () => {
    const form = { category: 'technical', subject: 'A la vez', message: 'Doble clic.', _submission: tokenOf(await ana.get('/tickets/new')) };
    const filesBefore = storedFiles();
    const answers = await Promise.all([1, 2, 3].map(() => postMultipart(portal, ana, '/tickets', form, [{ filename: 'modem.png', data: PNG }])));
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303]);
    expect(new Set(answers.map((a) => a.headers.location)).size).toBe(1);
    expect(await ticketsWith(form.subject)).toBe(1);
    expect(storedFiles()).toBe(filesBefore + 1);
  });

  it('adds one reply to the thread however often the reply is sent', async () => {
    const number = await openThroughForm(portal, ana, { subject: 'Respuesta doble', message: 'Primero.' });
    const form = { message: 'Sigo sin servicio.', _submission: tokenOf(await ana.get(`/tickets/${number}`)) };
    const answers = [
      await postMultipart(portal, ana, `/tickets/${number}/reply`, form),
      ...(await Promise.all([1, 2].map(() => postMultipart(portal, ana, `/tickets/${number}/reply`, form)))),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303]);
    expect(answers.map((a) => a.headers.location)).toEqual(Array(3).fill(`/tickets/${number}#latest`));
    const replies = await sql(portal, `SELECT m.id FROM tickets_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.number = ? AND t.tenant_id = 'soporte' AND m.body = ?`, [number, form.message]);
    expect(replies).toHaveLength(1);
  });

  it("of another customer's token opens the second customer's own ticket, never points at the first's", async () => {
    const form = { category: 'technical', subject: 'Token ajeno', message: 'Hola.', _submission: tokenOf(await ana.get('/tickets/new')) };
    const first = await postMultipart(portal, ana, '/tickets', form);
    await bruno.get('/tickets/new');
    const other = await postMultipart(portal, bruno, '/tickets', { ...form, subject: 'Token ajeno de Bruno' });
    expect(first.statusCode).toBe(303);
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).not.toBe(first.headers.location);
    const [owner] = await sql<{ email: string }>(portal, `SELECT c.email FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.subject = 'Token ajeno de Bruno'`);
    expect(owner.email).toBe('bruno@soporte.test');
    expect((await bruno.get(String(first.headers.location))).statusCode).toBe(404);
  });

  it('without a token (a page from before the upgrade) opens a ticket each time, as before', async () => {
    await ana.get('/tickets/new');
    const form = { category: 'technical', subject: 'Sin token', message: 'Formulario viejo.' };
    expect((await postMultipart(portal, ana, '/tickets', form)).statusCode).toBe(303);
    expect((await postMultipart(portal, ana, '/tickets', form)).statusCode).toBe(303);
    expect(await ticketsWith(form.subject)).toBe(2);
  });
});
