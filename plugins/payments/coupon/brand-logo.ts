import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Brand, Tenant } from '../../../core/tenants/tenant.ts';

const cache = new Map<string, Buffer | null>();

/**
 * A printable logo for the brand: its own when PNG or JPEG, else the one the tenant named for
 * printed documents under the invoices plugin (`pdfLogos`), which exists for SVG brand logos.
 */
export function printableLogo(tenant: Tenant, brand: Brand): Buffer | null {
  const printLogos = (tenant.plugins.get('invoices')?.pdfLogos ?? {}) as Record<string, string>;
  return read(tenant, printLogos[brand.id]) ?? read(tenant, brand.branding.logo);
}

function read(tenant: Tenant, file: string | undefined): Buffer | null {
  if (!file || !/^[\w.-]+\.(png|jpe?g)$/i.test(file)) return null;
  const path = join(tenant.dir, 'assets', file);
  if (!cache.has(path)) cache.set(path, existsSync(path) ? readFileSync(path) : null);
  return cache.get(path)!;
}
