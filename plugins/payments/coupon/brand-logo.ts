import { join } from 'node:path';
import type { Brand, Tenant } from 'portal/sdk';
import { printableLogo as preparedLogo, type PdfImageAsset } from '../../invoices/api.ts';

/**
 * A printable logo for the brand: its own when PNG or JPEG, else the one the tenant named for
 * printed documents under the invoices plugin (`pdfLogos`), which exists for SVG brand logos.
 */
export function printableLogo(tenant: Tenant, brand: Brand): PdfImageAsset | null {
  const printLogos = (tenant.plugins.get('invoices')?.pdfLogos ?? {}) as Record<string, string>;
  return read(tenant, printLogos[brand.id]) ?? read(tenant, brand.branding.logo);
}

function read(tenant: Tenant, file: string | undefined): PdfImageAsset | null {
  if (!file || !/^[\w.-]+\.(png|jpe?g)$/i.test(file)) return null;
  return preparedLogo(join(tenant.dir, 'assets', file));
}
