import { join } from 'node:path';
import { REPO_ROOT, startTestPortal, type TestPortal, type TestStorage, seedCustomer, type SeededCustomer, Client } from 'portal/testing';
import { localDate } from 'portal/sdk';
import { MeterReadingsProvider } from '../data/provider-service.ts';
import type { MeterInput, ReadingInput } from '../data/provider-input.ts';
import { addDays, addMonths, type LocalDate } from '../domain/local-date.ts';

export const TENANTS_DIR = join(REPO_ROOT, 'plugins/meter-readings/test-fixtures/tenants');
export const BA = 'America/Argentina/Buenos_Aires';
export const PASSWORD = 'Medidor-Lluvioso-42';
export const HOSTS = { aguas: 'portal.aguas.test', luz: 'portal.luz.test', red: 'portal.red.test' } as const;

/** A portal on the plugin's own fixture tenants (photos go under its throwaway data folder). */
export function startMeterPortal(storage?: TestStorage): Promise<TestPortal> {
  return startTestPortal({ tenantsDir: TENANTS_DIR }, { storage });
}

export const today = (): LocalDate => localDate(new Date(), BA);

export function provider(portal: TestPortal, tenantId: string): MeterReadingsProvider {
  return new MeterReadingsProvider(portal.db.forTenant(tenantId), tenantId);
}

export async function customer(portal: TestPortal, tenantId: keyof typeof HOSTS, name: string): Promise<SeededCustomer> {
  return seedCustomer(portal.db, {
    tenantId,
    email: `${name}@${tenantId}.test`,
    password: PASSWORD,
    name: name[0].toUpperCase() + name.slice(1),
    accountNumber: `${tenantId.toUpperCase()}-${name.toUpperCase()}`,
  });
}

export async function signedIn(portal: TestPortal, tenantId: keyof typeof HOSTS, who: SeededCustomer): Promise<Client> {
  const client = new Client(portal.app, HOSTS[tenantId]);
  const res = await client.login(who.email, PASSWORD);
  if (res.statusCode !== 303 && res.statusCode !== 302) throw new Error(`login failed: ${res.statusCode}`);
  return client;
}

/**
 * A meter with `months` monthly company readings ending a month before the next reading date, the
 * reading date `daysAhead` days from today, and `perMonth` units used each month.
 */
export async function meterWithHistory(
  portal: TestPortal,
  tenantId: string,
  accountNumber: string,
  opts: { id: string; months?: number; perMonth?: number; start?: number; daysAhead?: number; digits?: number; registers?: string[]; estimated?: number[] } = { id: 'm' },
): Promise<{ meterId: number; next: LocalDate; last: { value: number; readOn: LocalDate } }> {
  const { id, months = 14, perMonth = 30, start = 1000, daysAhead = 2, digits = 5, registers = ['total'], estimated = [] } = opts;
  const p = provider(portal, tenantId);
  const meter: MeterInput = { externalId: id, accountNumber, number: `N-${id}`, kind: 'water', digits, registers, address: 'Calle Falsa 123' };
  await p.upsertMeters([meter]);
  const next = addDays(today(), daysAhead);
  await p.upsertSchedule([{ meterExternalId: id, dates: [next, addMonths(next, 1)] }]);
  const readings: ReadingInput[] = [];
  let readOn = next;
  for (let k = months; k >= 1; k--) {
    readOn = addMonths(next, -k);
    for (const [i, register] of registers.entries()) {
      readings.push({
        externalId: `${id}-${k}-${register}`,
        meterExternalId: id,
        register,
        readOn,
        value: start + 5000 * i + perMonth * (months - k),
        source: estimated.includes(k) ? 'estimated' : 'company',
      });
    }
  }
  await p.upsertReadings(readings);
  const [row] = await portal.db.orm.em.getConnection().execute<{ id: number }[]>(
    `SELECT id FROM meter_readings_meters WHERE tenant_id = ? AND external_id = ?`,
    [tenantId, id],
  );
  return { meterId: Number(row.id), next, last: { value: start + perMonth * (months - 1), readOn } };
}

/** Posts a multipart form with the client's cookies and its CSRF token as the form's first field, as the page's form sends it. */
export async function postMultipart(
  portal: TestPortal,
  client: Client,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; filename: string; data: Buffer; type?: string },
) {
  const boundary = `----meter${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: client.csrf, ...fields })) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = ['portal_sid', '_csrf']
    .map((name) => [name, client.cookie(name)])
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return portal.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(chunks),
    headers: { host: client.host, cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** A real 1×1 PNG: what file-type must recognise by its first bytes. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Raw SQL for the tests; name the row type to read its columns (bigint columns come back as text). */
export function sql<T extends object = Record<string, unknown>>(portal: TestPortal, query: string, params: unknown[] = []): Promise<T[]> {
  return portal.db.orm.em.getConnection().execute<T[]>(query, params);
}
