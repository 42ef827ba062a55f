import { join } from 'node:path';
import type { Brand, Tenant } from '../../../core/tenants/tenant.ts';
import type { PdfImageAsset } from './pdf-image.ts';
import { printableLogo } from './printable-logo.ts';

export interface PdfBrand {
  name: string;
  colors: Brand['branding']['colors'];
  contact: Brand['contact'];
  /** From a PNG or JPEG; other formats (SVG) cannot be embedded in a PDF here and are left out. */
  logo: PdfImageAsset | null;
}

/**
 * The brand an account belongs to, or the tenant's main one: its name, colours, contact and logo.
 * `pdfLogos` (plugin setting) names a printable logo per brand for brands whose logo is SVG.
 */
export function pdfBrand(tenant: Tenant, brandId: string | null, pdfLogos: Record<string, string> = {}): PdfBrand {
  const brand = tenant.brands.find((b) => b.id === brandId) ?? tenant.brands[0];
  const logo = readLogo(tenant, pdfLogos[brand.id]) ?? readLogo(tenant, brand.branding.logo);
  return { name: brand.name, colors: brand.branding.colors, contact: brand.contact, logo };
}

function readLogo(tenant: Tenant, file: string | undefined): PdfImageAsset | null {
  if (!file || !/\.(png|jpe?g)$/i.test(file)) return null;
  return printableLogo(join(tenant.dir, 'assets', file));
}
