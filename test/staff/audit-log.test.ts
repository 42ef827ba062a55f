import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../support/fixtures.ts';
import type { TestPortal } from '../support/test-portal.ts';
import type { Client } from '../support/browser-like-client.ts';
import { createStaff, loginStaff, STAFF_HOSTS, startStaffPortal } from './staff-fixtures.ts';

let portal: TestPortal;
let admin: Client;

beforeAll(async () => {
  portal = await startStaffPortal();
  admin = await loginStaff(portal, STAFF_HOSTS.acme, await createStaff(portal, 'acme', { role: 'administrator', name: 'Ana Auditora' }));
  // Argentina is UTC-3: 02:00 UTC on the 10th is still the 9th there.
  const rows: [string, string, string, string | null, string, string][] = [
    ['2026-03-09T12:00:00Z', 'customer', '41', 'login', 'cliente41@example.com', 'success'],
    ['2026-03-10T02:00:00Z', 'customer', '41', 'login', 'cliente41@example.com', 'failure'],
    ['2026-03-10T15:00:00Z', 'anonymous', null as unknown as string, 'login', 'intruso@example.com', 'failure'],
    ['2026-03-11T15:00:00Z', 'system', null as unknown as string, 'access-key.issued', '55001', 'success'],
  ];
  for (const [at, actorType, actorId, action, subject, outcome] of rows) {
    await query(portal, `INSERT INTO audit_log (tenant_id, at, actor_type, actor_id, action, subject, outcome, ip) VALUES ('acme', ?, ?, ?, ?, ?, ?, '192.0.2.7')`, [at, actorType, actorId, action, subject, outcome]);
  }
});
afterAll(async () => portal?.dispose());

describe('the audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    const [row] = await query(portal, `SELECT id FROM audit_log WHERE tenant_id = 'acme' ORDER BY id LIMIT 1`);
    await expect(query(portal, `UPDATE audit_log SET outcome = 'success' WHERE id = ?`, [row.id])).rejects.toThrow(/append-only/);
    await expect(query(portal, 'DELETE FROM audit_log WHERE id = ?', [row.id])).rejects.toThrow(/append-only/);
    await expect(query(portal, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(query(portal, 'TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const [still] = await query(portal, 'SELECT count(*)::int AS n FROM audit_log WHERE id = ?', [row.id]);
    expect(still.n).toBe(1);
  });

  it('still takes new rows', async () => {
    await query(portal, `INSERT INTO audit_log (tenant_id, actor_type, action, outcome) VALUES ('acme', 'system', 'test.append', 'success')`);
    expect(await query(portal, `SELECT id FROM audit_log WHERE action = 'test.append'`)).toHaveLength(1);
  });
});

describe('audit viewer', () => {
  const shown = async (qs: string) => {
    const res = await admin.get(`/staff/audit?${qs}`);
    expect(res.statusCode).toBe(200);
    return [...res.body.matchAll(/<code class="small">([^<]+)<\/code>\s*(?:<code class="staff-details"[^>]*>[^<]*<\/code>\s*)?<\/td>\s*<td class="wrap"[^>]*>([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`);
  };

  it('filters by action (with its sub-actions), outcome, actor and subject', async () => {
    expect(await shown('action=login&subject=example.com')).toEqual(['login intruso@example.com', 'login cliente41@example.com', 'login cliente41@example.com']);
    expect(await shown('action=login&outcome=failure&subject=example.com')).toEqual(['login intruso@example.com', 'login cliente41@example.com']);
    expect(await shown('actorType=customer&actorId=41')).toEqual(['login cliente41@example.com', 'login cliente41@example.com']);
    expect(await shown('subject=55001')).toEqual(['access-key.issued 55001']);
    expect(await shown('action=access-key')).toEqual(['access-key.issued 55001']);
    const staffRows = await shown('action=staff');
    expect(staffRows.length).toBeGreaterThanOrEqual(2);
    expect(staffRows.every((r) => r.startsWith('staff.'))).toBe(true);
  });

  it("filters by calendar day in the tenant's time zone", async () => {
    expect(await shown('from=2026-03-09&to=2026-03-09')).toEqual(['login cliente41@example.com', 'login cliente41@example.com']);
    expect(await shown('from=2026-03-10&to=2026-03-10')).toEqual(['login intruso@example.com']);
    expect(await shown('from=2026-03-11')).toContain('access-key.issued 55001');
    expect(await shown('to=2026-03-09')).toHaveLength(2);
    // Nonsense dates are ignored, not an error page.
    expect((await admin.get('/staff/audit?from=2026-02-31&to=garbage')).statusCode).toBe(200);
  });

  it("names each event in the operator's language", async () => {
    await query(portal, `INSERT INTO audit_log (tenant_id, actor_type, actor_id, action, subject, outcome) VALUES ('acme', 'api', '7', 'api.invoices.read', 'GET /api/v1/invoices', 'success')`);
    const labels = (body: string) => [...body.matchAll(/<td class="staff-cell-stack"[^>]*>\s*<span>([^<]*?) <span class="badge/g)].map((m) => m[1]);
    const es = (await admin.get('/staff/audit?action=api.invoices')).body;
    expect(labels(es)).toEqual(['Llamada a la API: invoices (lectura)']);
    const en = (await admin.get('/staff/audit?action=api.invoices&lang=en')).body;
    expect(labels(en)).toEqual(['API call: invoices (read)']);
    expect(labels((await admin.get('/staff/audit?action=access-key')).body)).toEqual(['Access key sent']);
    expect(labels((await admin.get('/staff/audit?action=access-key&lang=es-AR')).body)).toEqual(['Clave de acceso enviada']);
  });

  it('names the operator behind staff rows and pages long results', async () => {
    const body = (await admin.get('/staff/audit?action=staff.login')).body;
    expect(body).toMatch(/Operador <a href="\/staff\/users\/\d+">Ana Auditora<\/a>/);
    expect(body).toContain('Ingreso de operador');
    for (let i = 0; i < 55; i++) {
      await query(portal, `INSERT INTO audit_log (tenant_id, actor_type, action, subject, outcome) VALUES ('acme', 'system', 'bulk.row', ?, 'success')`, [`row-${i}`]);
    }
    const first = await admin.get('/staff/audit?action=bulk.row');
    expect(first.body).toContain('55 registro(s)');
    expect(first.body).toContain('Página 1 de 2');
    expect(first.body).toContain('href="/staff/audit?action&#x3D;bulk.row&amp;page&#x3D;2"');
    expect((await shown('action=bulk.row&page=2'))).toHaveLength(5);
  });

  it("keeps the operator's own saved filters of the log, and lets the keyboard walk its rows", async () => {
    const saved = await admin.post('/staff/saved-filters', { queue: 'audit', path: '/staff/audit', query: 'outcome=failure&action=login&page=2', name: 'Ingresos fallidos' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/staff/audit?action=login&outcome=failure');
    const [row] = await query(portal, `SELECT staff_id, query FROM staff_saved_filters WHERE tenant_id = 'acme' AND queue = 'audit'`);
    expect(row.query).toBe('action=login&outcome=failure');
    const page = (await admin.get('/staff/audit?action=login&outcome=failure')).body;
    expect(page).toContain('<a href="/staff/audit?action&#x3D;login&amp;outcome&#x3D;failure" aria-current="true">Ingresos fallidos</a>');
    expect(page).toContain('<input type="hidden" name="queue" value="audit">');
    // Two failed logins: a customer's (opens the customer) and an anonymous one (nothing to open).
    expect([...page.matchAll(/<tr data-key-row( data-key-open="[^"]*")?>/g)].map((m) => m[1] ?? null)).toEqual([null, ' data-key-open="/staff/customers/41"']);
    const help = /<dialog id="staff-keys"[\s\S]*?<\/dialog>/.exec(page)![0];
    expect(help).toContain('<kbd>j</kbd>');
    expect(help).not.toContain('<kbd>r</kbd>');
    expect(help).not.toContain('<kbd>a</kbd>');
    // Another operator sees none of it.
    const other = await loginStaff(portal, STAFF_HOSTS.acme, await createStaff(portal, 'acme', { role: 'administrator', name: 'Otro', email: 'otro@acme.test' }));
    expect((await other.get('/staff/audit')).body).not.toContain('Ingresos fallidos');
  });
});
