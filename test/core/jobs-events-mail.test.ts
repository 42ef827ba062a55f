import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { getTasks } from 'node-cron';
import { Scheduler } from '../../core/jobs/scheduler.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ pluginPaths: [join(REPO_ROOT, 'plugins'), join(REPO_ROOT, 'test/fixtures/plugins')] });
});
afterAll(async () => portal?.dispose());

const sql = (q: string, params: unknown[] = []) => portal.db.orm.em.getConnection().execute<any[]>(q, params);

describe('jobs', () => {
  it('runs a slot once even when two schedulers (two portal processes) fire it together', async () => {
    const hello = portal.plugins.find((p) => p.name === 'hello')!;
    const job = hello.definition.jobs![0];
    const alpha = portal.tenants.get('alpha')!;
    const deps = { db: portal.db, tenants: portal.tenants, plugins: portal.plugins, services: portal.services, log: portal.app.log };
    const slot = new Date('2026-11-20T06:00:00Z');
    const results = await Promise.all([new Scheduler(deps), new Scheduler(deps), new Scheduler(deps)].map((s) => s.runSlot('hello', job, alpha, slot)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const rows = await sql(`SELECT subject FROM audit_log WHERE action = 'hello.tick' AND tenant_id = 'alpha'`);
    expect(rows).toEqual([{ subject: slot.toISOString() }]);
    const runs = await sql(`SELECT status FROM job_runs WHERE job = 'hello:tick' AND tenant_id = 'alpha'`);
    expect(runs).toEqual([{ status: 'done' }]);
  });
});

describe('job history', () => {
  it('keeps a month of runs: older slots of the job are dropped as new ones finish', async () => {
    const hello = portal.plugins.find((p) => p.name === 'hello')!;
    const job = hello.definition.jobs![0];
    const alpha = portal.tenants.get('alpha')!;
    const deps = { db: portal.db, tenants: portal.tenants, plugins: portal.plugins, services: portal.services, log: portal.app.log };
    const slot = new Date('2026-12-31T06:00:00Z');
    await sql(`INSERT INTO job_runs (job, tenant_id, slot, status) VALUES ('hello:tick', 'alpha', '2026-11-01T06:00:00Z', 'done'), ('hello:tick', 'alpha', '2026-12-15T06:00:00Z', 'done'), ('hello:tick', 'beta', '2026-11-01T06:00:00Z', 'done')`);
    expect(await new Scheduler(deps).runSlot('hello', job, alpha, slot)).toBe(true);
    const left = await sql(`SELECT tenant_id, to_char(slot AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM job_runs WHERE job = 'hello:tick' AND slot >= '2026-11-01' ORDER BY tenant_id, slot`);
    expect(left).toEqual([
      { tenant_id: 'alpha', day: '2026-12-15' },
      { tenant_id: 'alpha', day: '2026-12-31' },
      { tenant_id: 'beta', day: '2026-11-01' },
    ]);
  });
});

describe('job schedules', () => {
  it('schedules a plugin job only for the tenants that enable the plugin', async () => {
    const deps = { db: portal.db, tenants: portal.tenants, plugins: portal.plugins, services: portal.services, log: portal.app.log };
    const scheduler = new Scheduler(deps);
    const names = () => [...getTasks().values()].map((t) => t.name).filter((n) => n?.startsWith('hello:'));
    scheduler.start();
    try {
      expect(names()).toEqual(['hello:tick:alpha']);
    } finally {
      scheduler.stop();
    }
  });
});

describe('events', () => {
  it('delivers an event only to plugins the tenant enables', async () => {
    const { events } = portal.services;
    await events.emit(portal.tenants.get('alpha')!, portal.db.forTenant('alpha'), 'customer.contact-changed', { customerId: 7 });
    await events.emit(portal.tenants.get('beta')!, portal.db.forTenant('beta'), 'customer.contact-changed', { customerId: 8 });
    const rows = await sql(`SELECT tenant_id, subject FROM audit_log WHERE action = 'hello.saw-event' ORDER BY id`);
    expect(rows).toEqual([{ tenant_id: 'alpha', subject: '7' }]);
  });
});

describe('mail outbox', () => {
  it('keeps a queued message when the transaction rolls back, and sends a committed one once', async () => {
    const alpha = portal.tenants.get('alpha')!;
    const { mail } = portal.services;
    const em = portal.db.forTenant('alpha');
    await expect(
      em.transactional(async (tx) => {
        await mail.queue(tx, { tenant: alpha, to: 'lost@alpha.test', template: 'emails/test-message', subject: 'login.title', data: { text: 'never' } });
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    await em.transactional((tx) =>
      mail.queue(tx, { tenant: alpha, to: 'cliente@alpha.test', template: 'emails/test-message', subject: 'login.title', data: { text: 'Hola cliente' } }),
    );
    const sent = await Promise.all([mail.deliverDue(), mail.deliverDue()]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    const rows = await sql(`SELECT to_address, status, subject FROM mail_outbox ORDER BY id`);
    expect(rows).toEqual([{ to_address: 'cliente@alpha.test', status: 'sent', subject: 'Ingresar' }]);
    const files = readdirSync(join(portal.config.dataDir, 'mail'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(portal.config.dataDir, 'mail', files[0]), 'utf8');
    expect(eml).toContain('To: cliente@alpha.test');
    expect(eml).toContain('Hola cliente');
  });

  it('retries a failed delivery later instead of losing it', async () => {
    const alpha = portal.tenants.get('alpha')!;
    const { mail } = portal.services;
    await portal.db.forTenant('alpha').transactional((tx) =>
      mail.queue(tx, { tenant: alpha, to: 'retry@alpha.test', template: 'emails/test-message', subject: 'login.title', data: { text: 'x' } }),
    );
    const transport = (mail as any).deps.transport;
    const original = transport.deliver;
    transport.deliver = async () => {
      throw new Error('smtp down');
    };
    try {
      expect(await mail.deliverDue()).toBe(0);
    } finally {
      transport.deliver = original;
    }
    const [row] = await sql(`SELECT status, attempts, last_error, next_attempt_at > now() AS later FROM mail_outbox WHERE to_address = 'retry@alpha.test'`);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'smtp down', later: true });
  });

  it("sends each brand's mail as that brand: its name, its address when set, replies to its contact", async () => {
    const { mail } = portal.services;
    const alpha = portal.tenants.get('alpha')!;
    const beta = portal.tenants.get('beta')!;
    const betaDos = beta.brands.find((b) => b.id === 'beta-dos')!;
    for (const [tenant, brand, to] of [[alpha, undefined, 'a@sender.test'], [beta, undefined, 'b@sender.test'], [beta, betaDos, 'c@sender.test']] as const) {
      await portal.db.forTenant(tenant.id).transactional((tx) =>
        mail.queue(tx, { tenant, brand, to, template: 'emails/password-changed', subject: 'login.title', data: { name: 'Ana', changedAt: new Date(), loginUrl: 'http://x/login', forgotUrl: 'http://x/forgot' } }),
      );
    }
    const rows = await sql(`SELECT to_address, from_address, reply_to FROM mail_outbox WHERE to_address LIKE '%@sender.test' ORDER BY to_address`);
    expect(rows).toEqual([
      // No sender in the file: the tenant's name on the host's address; replies reach its contact email.
      { to_address: 'a@sender.test', from_address: '"Alpha Internet" <no-reply@localhost>', reply_to: 'ayuda@alpha.test' },
      { to_address: 'b@sender.test', from_address: '"Beta Aguas" <avisos@beta.test>', reply_to: null },
      // The brand keeps the tenant's address and changes only what it names.
      { to_address: 'c@sender.test', from_address: '"Beta Dos Facturación" <avisos@beta.test>', reply_to: 'facturas@betados.test' },
    ]);
    const before = new Set(readdirSync(join(portal.config.dataDir, 'mail')));
    while ((await mail.deliverDue()) > 0);
    const written = readdirSync(join(portal.config.dataDir, 'mail')).filter((f) => !before.has(f));
    const emls = written.map((f) => readFileSync(join(portal.config.dataDir, 'mail', f), 'utf8'));
    const third = emls.find((e) => e.includes('To: c@sender.test'))!;
    expect(third).toMatch(/^From: =\?UTF-8\?Q\?Beta_Dos_Facturaci=C3=B3n\?= <avisos@beta\.test>$/m);
    expect(third).toMatch(/^Reply-To: facturas@betados\.test$/m);
  });
});
