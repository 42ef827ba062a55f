import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { main } from '../../core/cli/portal.ts';
import { bufferIo } from '../../core/cli/io.ts';
import { DEMO_TENANTS } from '../../core/cli/demo/demo-tenants.ts';
import { normaliseDocument } from '../../core/accounts/documents.ts';

const TENANTS_DIR = join(REPO_ROOT, 'tenants');
const SCHEMA_HEADER = '# yaml-language-server: $schema=../config/tenant.schema.json';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'portal-demo-tenants-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('demo tenants', () => {
  it('all validate', async () => {
    const io = bufferIo();
    const code = await main(['tenant', 'validate', TENANTS_DIR], io);
    expect(io.text()).not.toMatch(/:\d+:\d+ /);
    expect(code).toBe(0);
    for (const { tenantId } of DEMO_TENANTS) expect(io.stdout).toContain(`OK ${join(TENANTS_DIR, `${tenantId}.yaml`)}`);
  });

  it.each(DEMO_TENANTS.map((d) => d.tenantId))('%s: schema line, Spanish first, logos, 4–6 FAQ entries', (id) => {
    const text = readFileSync(join(TENANTS_DIR, `${id}.yaml`), 'utf8');
    expect(text.split('\n')[0]).toBe(SCHEMA_HEADER);
    const data = parse(text);
    expect(data.locale).toBe('es-AR');
    expect(data.locales).toEqual(['es-AR', 'en']);
    expect(data.contact.hours.length).toBeGreaterThan(0);
    const logos = [data.branding.logo, ...(data.brands ?? []).map((b: { branding: { logo: string } }) => b.branding.logo)];
    for (const logo of logos) expect(readFileSync(join(TENANTS_DIR, id, 'assets', logo), 'utf8')).toMatch(/^<svg /);
    expect(data.plugins.faq.entries.length).toBeGreaterThanOrEqual(4);
    expect(data.plugins.faq.entries.length).toBeLessThanOrEqual(6);
  });

  it('hosting tenant has two brands with their own hostnames and colours', () => {
    const data = parse(readFileSync(join(TENANTS_DIR, 'nubehost.yaml'), 'utf8'));
    expect(data.brands).toHaveLength(1);
    expect(data.brands[0].hostnames).not.toEqual(data.hostnames);
    expect(data.brands[0].branding.colors.primary).not.toBe(data.branding.colors.primary);
  });

  it('demo accounts carry valid DNI and CUIT numbers (CUIT check digit)', () => {
    const accounts = DEMO_TENANTS.flatMap((d) => [...d.customers.flatMap((c) => c.accounts), ...d.unclaimed]);
    for (const a of accounts) {
      expect(normaliseDocument(a.documentNumber), `${a.number} ${a.documentNumber}`).toEqual({ kind: a.documentType, digits: a.documentNumber });
    }
    expect(accounts.some((a) => a.documentType === 'CUIT')).toBe(true);
  });

  it('committed config/tenant.schema.json is what `portal tenant schema` generates', async () => {
    const out = join(tmp, 'tenant.schema.json');
    const io = bufferIo();
    expect(await main(['tenant', 'schema', '--out', out], io)).toBe(0);
    const committed = join(REPO_ROOT, 'config', 'tenant.schema.json');
    expect(existsSync(committed)).toBe(true);
    const upToDate = readFileSync(committed, 'utf8') === readFileSync(out, 'utf8');
    expect(upToDate, 'config/tenant.schema.json is stale (a plugin or theme changed): run `npm run portal -- tenant schema`').toBe(true);
  });

  it('`tenant list` shows each demo tenant as ok with its brands and plugins', async () => {
    const io = bufferIo();
    expect(await main(['tenant', 'list'], io)).toBe(0);
    const nubehost = io.stdout.join('\n').split('\n').find((l) => l.startsWith('nubehost '));
    expect(nubehost).toMatch(/clientes\.nubehost\.example.*servidoresya.*faq.*\bok$/);
  });
});
