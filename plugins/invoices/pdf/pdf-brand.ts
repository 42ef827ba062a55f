import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Brand, Tenant } from '../../../core/tenants/tenant.ts';

export interface PdfBrand {
  name: string;
  colors: Brand['branding']['colors'];
  contact: Brand['contact'];
  /** PNG or JPEG bytes; other formats (SVG) cannot be embedded by pdfkit and are left out. */
  logo: Buffer | null;
}

const logos = new Map<string, Buffer | null>();

/**
 * The brand an account belongs to, or the tenant's main one: its name, colours, contact and logo.
 * `pdfLogos` (plugin setting) names a printable logo per brand for brands whose logo is SVG.
 */
export function pdfBrand(tenant: Tenant, brandId: string | null, pdfLogos: Record<string, string> = {}): PdfBrand {
  const brand = tenant.brands.find((b) => b.id === brandId) ?? tenant.brands[0];
  const logo = readLogo(tenant, pdfLogos[brand.id]) ?? readLogo(tenant, brand.branding.logo);
  return { name: brand.name, colors: brand.branding.colors, contact: brand.contact, logo };
}

function readLogo(tenant: Tenant, file: string | undefined): Buffer | null {
  if (!file || !/\.(png|jpe?g)$/i.test(file)) return null;
  const path = join(tenant.dir, 'assets', file);
  if (logos.has(path)) return logos.get(path)!;
  const bytes = existsSync(path) ? readFileSync(path) : null;
  logos.set(path, bytes);
  return bytes;
}
