import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestPortal, seedCustomer, fileFolder, importFile, jsonl, Scheduler } from 'portal/testing';
import type { InvoiceInput } from '../data/input-schemas.ts';
import { sendPendingNotices } from '../data/send-pending-notices.ts';
import type { InvoicesSettings } from '../settings.ts';
import { startInvoicesPortal } from '../testing/invoices-portal.ts';
import { readPdf } from '../testing/read-pdf.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let portal: TestPortal;
const files = fileFolder();

beforeAll(async () => {
  portal = await startInvoicesPortal();
  // invbulk (notifyImported on, paper by default): two customers chose email, one kept paper.
  await customer('invbulk', 'BK-1', 'email');
  await customer('invbulk', 'BK-2', 'email');
  await customer('invbulk', 'BK-3');
  // invon leaves the setting off; invother has it on and emails by default.
  await customer('invon', 'ON-1', 'email');
  await customer('invother', 'OT-1');
});
afterAll(async () => {
  files.cleanup();
  await portal?.dispose();
});

const sql = <Row extends object = Record<string, unknown>>(q: string, params: unknown[] = []) => portal.db.orm.em.getConnection().execute<Row[]>(q, params);

async function customer(tenantId: string, accountNumber: string, channel?: 'email') {
  const c = await seedCustomer(portal.db, { tenantId, email: `${accountNumber.toLowerCase()}@example.test`, password: 'x'.repeat(16), accountNumber });
  if (channel) await sql(`INSERT INTO invoice_delivery (account_id, tenant_id, channel) VALUES (?, ?, ?)`, [c.accountId, tenantId, channel]);
}

/** A type B invoice numbered `n`, with its own provider id. */
const invoice = (account: string, n: number, overrides: Partial<InvoiceInput> = {}) =>
  sampleInvoice(account, { externalId: `bulk-${n}`, number: `00008-${String(n).padStart(8, '0')}`, ...overrides });

const load = (tenantId: string, name: string, invoices: InvoiceInput[]) => importFile(portal, tenantId, 'invoices', files.write(name, jsonl(invoices)));

let minute = 0;
/** Runs the job's slot in `processes` schedulers at once, as that many portal processes would; a new slot each call unless given. */
async function runJob(tenantId: string, opts: { processes?: number; slot?: Date } = {}): Promise<boolean[]> {
  const job = portal.plugins.find((p) => p.name === 'invoices')!.definition.jobs!.find((j) => j.name === 'notify-imported')!;
  const deps = { db: portal.db, tenants: portal.tenants, plugins: portal.plugins, services: portal.services, log: portal.app.log };
  const slot = opts.slot ?? new Date(Date.UTC(2026, 0, 1, 0, minute++));
  const ran = await Promise.all(Array.from({ length: opts.processes ?? 1 }, () => new Scheduler(deps).runSlot('invoices', job, portal.tenants.get(tenantId)!, slot)));
  // The scheduler swallows a job's error into job_runs: a failed run must fail the test.
  expect(await sql(`SELECT status, error FROM job_runs WHERE job = 'invoices:notify-imported' AND tenant_id = ? AND slot = ?`, [tenantId, slot])).toEqual([{ status: 'done', error: null }]);
  return ran;
}

/** A queued message as these tests read it; attachments' content is base64. */
interface QueuedMail {
  to_address: string;
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

const outbox = (tenantId: string) =>
  sql<QueuedMail>(`SELECT to_address, subject, text, attachments FROM mail_outbox WHERE tenant_id = ? ORDER BY id`, [tenantId]);
const subjects = async (tenantId: string) => (await outbox(tenantId)).map((m) => m.subject);
const pending = (tenantId: string) =>
  sql<{ external_id: string; attempts: number }>(`SELECT i.external_id, p.attempts FROM invoice_pending_notices p JOIN invoices i ON i.id = p.invoice_id WHERE p.tenant_id = ? ORDER BY i.external_id`, [tenantId]);

const monthly = [invoice('BK-1', 1), invoice('BK-2', 2), invoice('BK-3', 3)];

describe('emailing bulk-imported invoices (notifyImported)', () => {
  it('marks the new invoices on import, and the job emails those on electronic delivery, PDF attached', async () => {
    expect(await load('invbulk', 'monthly.jsonl', monthly)).toMatchObject({ inserted: 3, problems: [] });
    // The load itself renders and queues nothing.
    expect(await outbox('invbulk')).toEqual([]);
    expect((await pending('invbulk')).map((p) => p.external_id)).toEqual(['bulk-1', 'bulk-2', 'bulk-3']);

    expect((await runJob('invbulk', { processes: 2 })).filter(Boolean)).toHaveLength(1);
    const mails = await outbox('invbulk');
    expect(mails.map((m) => [m.to_address, m.subject])).toEqual([
      ['bk-1@example.test', 'Tu Factura B 00008-00000001 ya está disponible'],
      ['bk-2@example.test', 'Tu Factura B 00008-00000002 ya está disponible'],
    ]);
    for (const [i, mail] of mails.entries()) {
      expect(mail.text).toMatch(/^Hola, Cliente invbulk:$/m);
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]).toMatchObject({ filename: `factura-B-00008-0000000${i + 1}.pdf`, contentType: 'application/pdf' });
      const pdf = await readPdf(Buffer.from(mail.attachments[0].content, 'base64'));
      expect(pdf.text.join(' ')).toContain(`0000000${i + 1}`);
    }
    expect(await pending('invbulk')).toEqual([]);
  });

  it('sends nothing more: later slots, two processes on different slots, the same file again, a changed one', async () => {
    await runJob('invbulk');
    await Promise.all([runJob('invbulk'), runJob('invbulk')]);
    expect(await load('invbulk', 'monthly-again.jsonl', monthly)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await load('invbulk', 'monthly-fixed.jsonl', [{ ...monthly[0], total: '24600.00' }, monthly[1]])).toMatchObject({ inserted: 0, updated: 1 });
    expect(await pending('invbulk')).toEqual([]);
    await runJob('invbulk');
    expect(await outbox('invbulk')).toHaveLength(2);
  });

  it('two processes draining at once (overlapping slots) email each invoice once', async () => {
    const next = [1, 2].flatMap((k) => [invoice('BK-1', 10 + k), invoice('BK-2', 20 + k)]);
    expect(await load('invbulk', 'next.jsonl', next)).toMatchObject({ inserted: 4 });
    await Promise.all([runJob('invbulk'), runJob('invbulk'), runJob('invbulk')]);
    const sent = (await subjects('invbulk')).slice(2);
    expect(sent.sort()).toEqual(['00008-00000011', '00008-00000012', '00008-00000021', '00008-00000022'].map((n) => `Tu Factura B ${n} ya está disponible`));
    expect(await pending('invbulk')).toEqual([]);
  });

  it('follows the API’s rule: a debit note is emailed, a credit note and a cancelled invoice are not', async () => {
    const docs = [
      invoice('BK-1', 30, { typeCode: 7 }),
      invoice('BK-1', 31, { typeCode: 8, relatedInvoiceExternalId: 'bulk-1' }),
      invoice('BK-2', 32, { cancelled: true }),
    ];
    expect(await load('invbulk', 'notes.jsonl', docs)).toMatchObject({ inserted: 3, problems: [] });
    expect((await pending('invbulk')).map((p) => p.external_id)).toEqual(['bulk-30']);
    await runJob('invbulk');
    expect((await subjects('invbulk')).slice(6)).toEqual(['Tu Nota de débito B 00008-00000030 ya está disponible']);
  });

  it('an invoice whose email fails stays pending without holding back the others, and goes out once later', async () => {
    expect(await load('invbulk', 'failing.jsonl', [invoice('BK-1', 40), invoice('BK-2', 41)])).toMatchObject({ inserted: 2 });
    const { mail } = portal.services;
    const queue = mail.queue.bind(mail);
    // The first message is written and then fails: its row must roll back with it.
    const spy = vi.spyOn(mail, 'queue').mockImplementationOnce(async (em, req) => {
      await queue(em, req);
      throw new Error('template blew up');
    });
    try {
      await runJob('invbulk');
    } finally {
      spy.mockRestore();
    }
    expect((await subjects('invbulk')).slice(7)).toEqual(['Tu Factura B 00008-00000041 ya está disponible']);
    expect(await pending('invbulk')).toEqual([{ external_id: 'bulk-40', attempts: 1 }]);
    await runJob('invbulk');
    await runJob('invbulk');
    expect((await subjects('invbulk')).slice(7)).toEqual(['Tu Factura B 00008-00000041 ya está disponible', 'Tu Factura B 00008-00000040 ya está disponible']);
    expect(await pending('invbulk')).toEqual([]);
  });

  it('a run that dies mid-batch leaves every email unsent and every mark in place, for the next run to send once', async () => {
    expect(await load('invbulk', 'crash.jsonl', [invoice('BK-1', 50), invoice('BK-2', 51)])).toMatchObject({ inserted: 2 });
    const tenant = portal.tenants.get('invbulk')!;
    const settings = tenant.plugins.get('invoices') as unknown as InvoicesSettings;
    const { mail } = portal.services;
    const queue = mail.queue.bind(mail);
    let calls = 0;
    const spy = vi.spyOn(mail, 'queue').mockImplementation(async (em, req) => {
      const id = await queue(em, req);
      if (++calls === 2) throw new Error('second email failed');
      return id;
    });
    // The process dies while handling the second invoice (here: its error handler throws).
    const dying = { error: () => { throw new Error('process killed'); } };
    try {
      await expect(sendPendingNotices({ em: portal.db.forTenant('invbulk'), tenant, portal: portal.services, settings, log: dying }, 200)).rejects.toThrow('process killed');
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    expect(await subjects('invbulk')).toHaveLength(9);
    expect(await pending('invbulk')).toEqual([{ external_id: 'bulk-50', attempts: 0 }, { external_id: 'bulk-51', attempts: 0 }]);
    await runJob('invbulk');
    await runJob('invbulk');
    expect((await subjects('invbulk')).slice(9).sort()).toEqual(['Tu Factura B 00008-00000050 ya está disponible', 'Tu Factura B 00008-00000051 ya está disponible']);
  });

  it('with the setting off, a bulk load marks and sends nothing', async () => {
    expect(await load('invon', 'off.jsonl', [sampleInvoice('ON-1', { externalId: 'off-1' })])).toMatchObject({ inserted: 1, problems: [] });
    expect(await sql(`SELECT invoice_id FROM invoice_pending_notices WHERE tenant_id = 'invon'`)).toEqual([]);
    await runJob('invon');
    expect(await outbox('invon')).toEqual([]);
  });

  it('a tenant’s run sends only that tenant’s invoices', async () => {
    const other = { ...sampleInvoice('OT-1', { externalId: 'other-1', typeCode: 11 }), netAmount: '24500.00', vatAmount: '0.00' };
    expect(await load('invother', 'other.jsonl', [other])).toMatchObject({ inserted: 1, problems: [] });
    expect(await load('invbulk', 'mine.jsonl', [invoice('BK-2', 60)])).toMatchObject({ inserted: 1 });
    await runJob('invother');
    expect((await outbox('invother')).map((m) => [m.to_address, m.subject])).toEqual([['ot-1@example.test', 'Your Invoice C 00008-00068421 is ready']]);
    expect(await pending('invbulk')).toEqual([{ external_id: 'bulk-60', attempts: 0 }]);
    expect(await subjects('invbulk')).toHaveLength(11);
    await runJob('invbulk');
    expect((await subjects('invbulk')).slice(11)).toEqual(['Tu Factura B 00008-00000060 ya está disponible']);
    expect(await pending('invother')).toEqual([]);
  });
});
