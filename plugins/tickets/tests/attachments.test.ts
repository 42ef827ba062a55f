import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type TestPortal, type Client, createStaff, loginStaff } from 'portal/testing';
import { customer, HOSTS, openThroughForm, PDF, PNG, postMultipart, signedIn, sql, startTicketsPortal } from './harness.ts';

let portal: TestPortal;
let ana: Client;

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'ana'));
});
afterAll(async () => portal?.dispose());

const storedFiles = (tenant: string) => {
  const dir = join(portal.config.dataDir, 'files', tenant, 'tickets');
  return existsSync(dir) ? readdirSync(dir) : [];
};
const FIELDS = { category: 'technical', subject: 'Foto del módem', message: 'Adjunto una foto.' };
const bigPng = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length)]);

async function tryOpen(files: { filename: string; data: Buffer }[]) {
  await ana.get('/tickets/new');
  return postMultipart(portal, ana, '/tickets', FIELDS, files);
}

describe('attachments', () => {
  it('of a wrong type are refused with a clear message, and nothing is stored', async () => {
    const disguised = await tryOpen([{ filename: 'foto.png', data: Buffer.from('<html><script>alert(1)</script></html>') }]);
    expect(disguised.statusCode).toBe(422);
    expect(disguised.body).toContain('«foto.png» no es un archivo PDF, JPG o PNG válido, aunque su nombre lo diga.');
    expect(disguised.body).toContain('volvé a elegirlos');
    // What the customer typed comes back.
    expect(disguised.body).toContain('value="Foto del módem"');
    expect(disguised.body).toContain('>Adjunto una foto.</textarea>');

    const named = await tryOpen([{ filename: 'instalador.exe', data: PNG }]);
    expect(named.statusCode).toBe(422);
    expect(named.body).toContain('«instalador.exe» no es de un tipo permitido: podés adjuntar archivos PDF, JPG o PNG.');

    const big = await tryOpen([{ filename: 'grande.png', data: bigPng(250_000) }]);
    expect(big.statusCode).toBe(422);
    expect(big.body).toContain('«grande.png» pesa más de 0,2 MB.');

    const many = await tryOpen([1, 2, 3].map((i) => ({ filename: `f${i}.png`, data: PNG })));
    expect(many.statusCode).toBe(422);
    expect(many.body).toContain('Adjuntaste más archivos de los permitidos (máximo: 2).');

    expect(await sql(portal, `SELECT id FROM tickets`)).toEqual([]);
    expect(storedFiles('soporte')).toEqual([]);
  });

  it('are stored outside the served folders under generated names, and downloaded only as attachments', async () => {
    const number = await openThroughForm(portal, ana, FIELDS, [
      { filename: 'módem año 2026.png', data: PNG },
      { filename: 'C:\\Users\\ana\\factura.PDF', data: PDF },
    ]);
    const rows = await sql<{ id: number; file_key: string; filename: string; mime: string; size: number }>(portal, `SELECT id, file_key, filename, mime, size FROM tickets_attachments ORDER BY id`);
    expect(rows).toEqual([
      { id: expect.any(Number) as number, file_key: expect.stringMatching(/^soporte\/tickets\/[A-Za-z0-9_-]{22}$/) as string, filename: 'módem año 2026.png', mime: 'image/png', size: PNG.length },
      { id: expect.any(Number) as number, file_key: expect.stringMatching(/^soporte\/tickets\/[A-Za-z0-9_-]{22}$/) as string, filename: 'factura.PDF', mime: 'application/pdf', size: PDF.length },
    ]);
    expect(storedFiles('soporte').sort()).toEqual(rows.map((r) => r.file_key.split('/')[2]).sort());

    const page = await ana.get(`/tickets/${number}`);
    expect(page.body).toContain(`href="/tickets/${number}/attachments/${rows[0].id}"`);
    const png = await ana.get(`/tickets/${number}/attachments/${rows[0].id}`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toBe(`attachment; filename="modem ano 2026.png"; filename*=UTF-8''m%C3%B3dem%20a%C3%B1o%202026.png`);
    expect(png.headers['cache-control']).toBe('private, no-store');
    expect(png.rawPayload.equals(PNG)).toBe(true);

    const operator = await loginStaff(portal, HOSTS.soporte, await createStaff(portal, 'soporte', { role: 'support' }));
    const pdf = await operator.get(`/staff/tickets/${number}/attachments/${rows[1].id}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="factura.PDF"; filename*=UTF-8''factura.PDF`);
    expect(pdf.rawPayload.equals(PDF)).toBe(true);
  });

  it('go with replies too, and a wrong one keeps the reply from being sent', async () => {
    const number = await openThroughForm(portal, ana, { ...FIELDS, subject: 'Otra consulta' });
    await ana.get(`/tickets/${number}`);
    const refused = await postMultipart(portal, ana, `/tickets/${number}/reply`, { message: 'Va el comprobante.' }, [{ filename: 'comprobante.pdf', data: PNG }]);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('«comprobante.pdf» no es un archivo PDF, JPG o PNG válido, aunque su nombre lo diga.');
    expect(refused.body).toContain('>Va el comprobante.</textarea>');
    const [{ id: ticketId }] = await sql<{ id: number }>(portal, `SELECT id FROM tickets WHERE number = ?`, [number]);
    expect(await sql(portal, `SELECT count(*)::int AS n FROM tickets_messages WHERE ticket_id = ?`, [ticketId])).toEqual([{ n: 1 }]);

    const sent = await postMultipart(portal, ana, `/tickets/${number}/reply`, { message: 'Va el comprobante.' }, [{ filename: 'comprobante.pdf', data: PDF }]);
    expect(sent.statusCode).toBe(303);
    expect(await sql(portal, `SELECT a.filename, m.body FROM tickets_attachments a JOIN tickets_messages m ON m.id = a.message_id WHERE a.ticket_id = ?`, [ticketId])).toEqual([
      { filename: 'comprobante.pdf', body: 'Va el comprobante.' },
    ]);
  });

  it('are explained in the customer’s language', async () => {
    const bruno = await customer(portal, 'nube', 'bruno', [{ kind: 'hosting', plan: 'Hosting Pyme' }]);
    const client = await signedIn(portal, 'nube', bruno);
    await client.get('/tickets/new');
    const res = await postMultipart(portal, client, '/tickets', { service: String(bruno.services[0]), category: 'dns', subject: 'DNS', message: 'Help' }, [
      { filename: 'zone.pdf', data: Buffer.from('not a pdf') },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('“zone.pdf” is not a valid PDF, JPG, or PNG file, whatever its name says.');
    expect(res.body).toContain('Up to 3 PDF, JPG, or PNG files, of up to 5 MB each.');
  });
});
