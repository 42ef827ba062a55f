import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, seedCustomer } from 'portal/testing';
import { HOSTS, serviceFor, signedInCustomer, startInvoicesPortal, type SignedIn } from '../testing/invoices-portal.ts';
import { readPdf } from '../testing/read-pdf.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let portal: TestPortal;
let lucia: SignedIn;
let mario: SignedIn;

beforeAll(async () => {
  portal = await startInvoicesPortal();
  lucia = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0301', 'lucia@example.test');
  mario = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0302', 'mario@example.test');
});
afterAll(async () => portal?.dispose());

/** A queued message as these tests read it; attachments' content is base64. */
interface QueuedMail {
  to_address: string;
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; contentType: string; content: string; cid?: string }[];
}

const outbox = (tenant: string) =>
  portal.db.orm.em.getConnection().execute<QueuedMail[]>(`SELECT to_address, subject, html, text, attachments FROM mail_outbox WHERE tenant_id = ? ORDER BY id`, [tenant]);

async function choose(who: SignedIn, account: string, channel: string) {
  await who.client.get('/invoices/delivery');
  return who.client.post('/invoices/delivery', { account, channel });
}

describe('delivery preference', () => {
  it('starts at the tenant default (paper) and is changed by the customer on the page', async () => {
    const page = await lucia.client.get('/invoices/delivery');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/value="paper" checked/);
    expect(page.body).toContain('lucia@example.test');
    const res = await choose(lucia, 'RS-0301', 'email');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/invoices/delivery');
    const after = await lucia.client.get('/invoices/delivery');
    expect(after.body).toMatch(/value="email" checked/);
    expect(after.body).toContain('te llegarán por correo');
  });

  it('refuses another customer’s account (404) and a form without the token (403)', async () => {
    expect((await choose(mario, 'RS-0301', 'paper')).statusCode).toBe(404);
    const rows = await portal.db.orm.em.getConnection().execute<{ channel: string }[]>(`SELECT channel FROM invoice_delivery d JOIN accounts a ON a.id = d.account_id WHERE a.number = 'RS-0301'`);
    expect(rows).toEqual([{ channel: 'email' }]);
    expect((await mario.client.post('/invoices/delivery', { account: 'RS-0302', channel: 'email', _csrf: '' })).statusCode).toBe(403);
    expect((await choose(mario, 'RS-0302', 'pigeon')).statusCode).toBe(400);
  });
});

describe('new invoice email', () => {
  it('sends exactly one message, themed and localised, with the PDF attached, to a customer who chose email', async () => {
    const service = serviceFor(portal, 'invon');
    const input = sampleInvoice('RS-0301', { externalId: 'mail-1', number: '00008-00009001' });
    const { id } = await service.upsertInvoice(input);
    await service.upsertInvoice(input);
    await service.upsertInvoice({ ...input, total: '24600.00' });
    await service.recordPayment({ externalId: 'mail-p', accountNumber: 'RS-0301', invoiceExternalId: 'mail-1', paidOn: '2025-01-20', amount: '100.00', method: 'cash' });
    const messages = (await outbox('invon')).filter((m) => m.to_address === 'lucia@example.test');
    expect(messages).toHaveLength(1);
    const [mail] = messages;
    expect(mail.subject).toBe('Tu Factura B 00008-00009001 ya está disponible');
    expect(mail.html).toContain('background-color:#0b5cad');
    expect(mail.text).toContain('Factura B 00008-00009001');
    expect(mail.text).toMatch(/^Hola, Cliente RS-0301:$/m);
    expect(mail.text).toMatch(/^Total: \$ 24\.500,00$/m);
    expect(mail.html).toContain(portal.services.links.absolute(portal.tenants.get('invon')!, `/invoices/${id}`));
    // The brand's logo rides along inline (cid); the PDF is the one file offered.
    const files = mail.attachments.filter((a) => !a.cid);
    expect(files).toHaveLength(1);
    const [attachment] = files;
    expect(attachment).toMatchObject({ filename: 'factura-B-00008-00009001.pdf', contentType: 'application/pdf' });
    const pdf = await readPdf(Buffer.from(attachment.content, 'base64'));
    expect(pdf.text.join(' ')).toContain('00009001');
  });

  it('sends nothing to a customer on paper, nor for seeded or credit-note documents', async () => {
    const service = serviceFor(portal, 'invon');
    await service.upsertInvoice(sampleInvoice('RS-0302', { externalId: 'mail-2', number: '00008-00009002' }));
    await service.upsertInvoice(sampleInvoice('RS-0301', { externalId: 'mail-3', number: '00008-00009003' }), { notify: false });
    await service.upsertInvoice(sampleInvoice('RS-0301', { externalId: 'mail-4', typeCode: 8, number: '00008-00009004' }));
    const messages = await outbox('invon');
    expect(messages.map((m) => m.attachments.find((a) => !a.cid)?.filename)).toEqual(['factura-B-00008-00009001.pdf']);
  });

  it('follows a tenant whose default is email, in its language', async () => {
    await seedCustomer(portal.db, { tenantId: 'invother', email: 'nina@example.test', password: 'x'.repeat(16), accountNumber: 'VA-0301', name: 'Nina Ortiz' });
    await serviceFor(portal, 'invother').upsertInvoice({ ...sampleInvoice('VA-0301', { typeCode: 11 }), netAmount: '24500.00', vatAmount: '0.00' });
    const [mail, ...rest] = await outbox('invother');
    expect(rest).toEqual([]);
    expect(mail.to_address).toBe('nina@example.test');
    expect(mail.subject).toBe('Your Invoice C 00008-00068421 is ready');
    expect(mail.text).toMatch(/^Hello Nina Ortiz,$/m);
    expect(mail.attachments.find((a) => !a.cid)?.filename).toBe('factura-C-00008-00068421.pdf');
  });
});
