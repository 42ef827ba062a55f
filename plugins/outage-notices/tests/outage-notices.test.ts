import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, Client, createStaff, loginStaff, outbox, query, runJob, seedCustomer, startTestPortal, type TestPortal } from 'portal/testing';

const PLUGIN = join(import.meta.dirname, '..');
const HOST = 'portal.alpha.test';
const BRAND_HOST = 'clientes.otramarca.test';
const PASSWORD = 'mate amargo con bizcochitos';
let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal({ tenantsDir: join(PLUGIN, 'test-fixtures/tenants'), pluginPaths: [PLUGIN] });
});
afterAll(async () => portal?.dispose());

let accounts = 0;
async function seed(email: string) {
  accounts += 1;
  return seedCustomer(portal.db, { tenantId: 'alpha', email, password: PASSWORD, accountNumber: `A-${accounts}` });
}

async function customerIn(area: string, email: string, host: string, lang: 'es-AR' | 'en'): Promise<Client> {
  const seeded = await seed(email);
  const client = new Client(portal.app, host);
  expect((await client.login(seeded.email, seeded.password)).statusCode).toBe(303);
  expect((await client.get(`/outage-notices?lang=${lang}`)).statusCode).toBe(200);
  expect((await client.post('/outage-notices/area', { area })).statusCode).toBe(303);
  return client;
}

async function support(): Promise<Client> {
  return loginStaff(portal, HOST, await createStaff(portal, 'alpha', { role: 'support' }));
}

interface StoredNotice {
  area: string;
  title: string;
  starts_utc: string;
  ends_utc: string;
  expired: boolean;
}

async function storedNotices(title: string): Promise<StoredNotice[]> {
  return query<StoredNotice>(
    portal,
    `SELECT area, title, to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS starts_utc,
            to_char(ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS ends_utc, expired
     FROM outage_notices WHERE tenant_id = 'alpha' AND title = ?`,
    [title],
  );
}

describe('outage-notices', () => {
  it('publishes a notice read in the tenant zone, mails the customers of its area in their language and brand, and shows it to them', async () => {
    const ana = await customerIn('centro', 'ana@alpha.test', BRAND_HOST, 'en');
    const beto = await customerIn('cerrillos', 'beto@alpha.test', HOST, 'es-AR');

    const operator = await support();
    const form = await operator.get('/staff/outage-notices');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<option value="centro">Salta Centro</option>');
    const published = await operator.post('/staff/outage-notices', {
      area: 'centro',
      title: 'Cambio de equipos',
      message: 'Trabajos en la central de Belgrano.',
      startsAt: '2030-03-09T14:30',
      endsAt: '2030-03-09T18:00',
    });
    expect(published.statusCode).toBe(303);
    // 14:30 and 18:00 in Salta (UTC-3) are 17:30 and 21:00 UTC.
    expect(await storedNotices('Cambio de equipos')).toEqual([
      { area: 'centro', title: 'Cambio de equipos', starts_utc: '2030-03-09 17:30', ends_utc: '2030-03-09 21:00', expired: false },
    ]);

    expect(await auditRows(portal, 'alpha', 'outage-notices.published')).toEqual([
      expect.objectContaining({ actor_type: 'staff', outcome: 'success', details: { area: 'centro', mailed: 1 } }),
    ]);
    const mails = await outbox(portal, 'alpha', 'ana@alpha.test');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Outage notice for Salta Centro');
    expect(mails[0].text).toContain('From 09/03/2030 14:30 until 09/03/2030 18:00');
    expect(mails[0].html).toContain('http://clientes.otramarca.test:3000/outage-notices');
    expect(mails[0].html).toContain('Otra Marca');
    expect(mails[0].text).toContain('Cambio de equipos');
    expect(mails[0].text).toContain('Trabajos en la central de Belgrano.');
    expect(await outbox(portal, 'alpha', 'beto@alpha.test')).toEqual([]);

    const page = await ana.get('/outage-notices?lang=en');
    expect(page.body).toContain('Notices for Salta Centro');
    expect(page.body).toContain('Cambio de equipos');
    expect(page.body).toContain('From 09/03/2030 14:30 until 09/03/2030 18:00');
    expect((await ana.get('/outage-notices?lang=es-AR')).body).toContain('Desde el 09/03/2030 14:30 hasta el 09/03/2030 18:00');
    const dashboard = (await ana.get('/dashboard')).body;
    expect(dashboard).toContain('Cambio de equipos · 09/03/2030 14:30');

    const other = await beto.get('/outage-notices');
    expect(other.body).toContain('No hay cortes ni trabajos programados en tu zona.');
    expect(other.body).not.toContain('Cambio de equipos');
    expect((await beto.get('/dashboard')).body).not.toContain('Cambio de equipos');
  });

  it('answers a wrong form with its messages and stores nothing', async () => {
    const operator = await support();
    await operator.get('/staff/outage-notices');
    const backwards = await operator.post('/staff/outage-notices', { area: 'centro', title: 'Al revés', startsAt: '2030-03-09T18:00', endsAt: '2030-03-09T14:30' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('El fin tiene que ser posterior al inicio.');
    expect(backwards.body).toContain('value="Al revés"');
    const noDate = await operator.post('/staff/outage-notices', { area: 'lejos', title: 'Al revés', startsAt: 'mañana', endsAt: '' });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.body).toContain('Elegí una de las zonas.');
    expect(noDate.body).toContain('Indicá la fecha y hora de inicio.');
    expect(noDate.body).toContain('Indicá la fecha y hora de fin.');
    expect(await storedNotices('Al revés')).toEqual([]);

    const customer = new Client(portal.app, HOST);
    const seeded = await seed('carla@alpha.test');
    await customer.login(seeded.email, seeded.password);
    await customer.get('/outage-notices');
    const wrongArea = await customer.post('/outage-notices/area', { area: 'lejos' });
    expect(wrongArea.statusCode).toBe(400);
    expect(wrongArea.body).toContain('Elegí una de las zonas.');
  });

  it('expires the notices that ended in its nightly job', async () => {
    const beto = new Client(portal.app, HOST);
    expect((await beto.login('beto@alpha.test', PASSWORD)).statusCode).toBe(303);
    const operator = await support();
    await operator.get('/staff/outage-notices');
    const posted = await operator.post('/staff/outage-notices', { area: 'cerrillos', title: 'Poda de árboles', startsAt: '2030-05-01T08:00', endsAt: '2030-05-01T12:00' });
    expect(posted.statusCode).toBe(303);
    expect((await beto.get('/outage-notices')).body).toContain('Poda de árboles');

    const slot = new Date('2030-05-02T07:00:00Z');
    expect(await runJob(portal, { plugin: 'outage-notices', name: 'expire', tenant: 'alpha', slot })).toEqual([true]);
    expect(await storedNotices('Poda de árboles')).toEqual([expect.objectContaining({ expired: true })]);
    expect((await beto.get('/outage-notices')).body).not.toContain('Poda de árboles');
    expect((await operator.get('/staff/outage-notices')).body).toMatch(/Poda de árboles<\/td>.*Vencido/s);
    expect(await runJob(portal, { plugin: 'outage-notices', name: 'expire', tenant: 'alpha', slot })).toEqual([false]);
  });

  it('keeps its staff screen to operators holding outage-notices.manage', async () => {
    const billing = await loginStaff(portal, HOST, await createStaff(portal, 'alpha', { role: 'billing' }));
    expect((await billing.get('/staff/outage-notices')).statusCode).toBe(403);
    await billing.get('/staff');
    expect((await billing.post('/staff/outage-notices', { area: 'centro', title: 'x', startsAt: '2030-01-01T00:00', endsAt: '2030-01-01T01:00' })).statusCode).toBe(403);
  });

  it('answers 404 on a tenant that does not enable it', async () => {
    expect((await new Client(portal.app, 'portal.beta.test').get('/outage-notices')).statusCode).toBe(404);
  });
});
