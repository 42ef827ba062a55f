import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import type { Brand } from '../tenants/tenant.ts';
import type { DemoSeedResult } from './demo-seed.ts';
import { formatTable } from './table.ts';

export interface BannerInput {
  tenants: TenantRegistry;
  port: number;
  /** Outside production every brand also answers at `<brand id>.localhost`, which needs no DNS. */
  devHostnames: boolean;
  /** Where outgoing email goes, as a sentence for the operator. */
  mailNote: string;
  seed?: DemoSeedResult;
}

/** Where to open each tenant, and with the demo seed the logins to try: what `npm start` shows. */
export function startBanner(input: BannerInput): string {
  const brands = new Map<string, Brand>();
  const urlOf = (brand: Brand) => `http://${input.devHostnames ? `${brand.id}.localhost` : brand.hostnames[0]}:${input.port}/`;
  const sites: string[][] = [];
  for (const tenant of input.tenants.list()) {
    for (const brand of tenant.brands) {
      brands.set(brand.id, brand);
      sites.push([tenant.id, brand.name, urlOf(brand), brand.hostnames.join(', ')]);
    }
  }
  const out = [`Portal listening on port ${input.port}. Open a tenant by its hostname:`, ''];
  out.push(sites.length ? formatTable(['TENANT', 'BRAND', 'OPEN', 'HOSTNAMES (production)'], sites) : '(no tenants loaded)');
  for (const broken of input.tenants.broken.values()) {
    out.push(`! tenant "${broken.id}" not loaded (${broken.error.split('\n')[0]})`);
  }

  const seed = input.seed;
  if (seed) {
    const rows = seed.logins.map((l) => [urlOf(brands.get(l.brandIds[0])!), l.accountNumbers.join(', '), l.password, l.name]);
    out.push('', 'Demo logins (account number, or the email, and the password):', '');
    out.push(formatTable(['OPEN', 'ACCOUNT', 'PASSWORD', 'CUSTOMER'], rows));
    const [first] = seed.unclaimed;
    if (first) {
      out.push('', 'Accounts without a login yet, to try first access:', '');
      out.push(formatTable(
        ['OPEN', 'ACCOUNT', 'HOLDER DOCUMENT', 'EMAIL ON FILE'],
        seed.unclaimed.map((u) => [urlOf(brands.get(u.brandId)!), u.accountNumber, u.document, u.email]),
      ));
      out.push('', 'Use "Primer acceso" on the login page, or issue a key (on the embedded database, stop the portal first):');
      out.push(`  npm run portal -- customer issue-key --tenant ${first.tenantId} --account ${first.accountNumber}`);
      out.push(input.mailNote);
    }
    if (seed.operators.length) {
      const tenantUrl = (tenantId: string) => `${urlOf(input.tenants.get(tenantId)!.brands[0])}staff`;
      out.push('', 'Back office (operators without two-step verification; administrators: `portal staff create`):', '');
      out.push(formatTable(['OPEN', 'EMAIL', 'PASSWORD', 'ROLE'], seed.operators.map((o) => [tenantUrl(o.tenantId), o.email, o.password, o.role])));
    }
    for (const s of seed.skipped) out.push(`! demo tenant "${s.tenantId}" not seeded: ${s.reason}`);
  }
  return out.join('\n');
}
