import { join } from 'node:path';
import type { Brand, Tenant } from 'portal/sdk';
import type { PdfImageAsset } from './pdf-image.ts';
import { printableLogo } from './printable-logo.ts';

export interface PdfBrand {
  name: string;
  colors: Brand['branding']['colors'];
  contact: Brand['contact'];
  /** From a PNG or JPEG; other formats (SVG) cannot be embedded in a PDF here and are left out. */
  logo: PdfImageAsset | null;
}

/** What a brand's PDFs are made from, as plain data (a render worker gets it in a message). */
export interface PdfBrandSource {
  name: string;
  colors: Brand['branding']['colors'];
  contact: Brand['contact'];
  /** Logo files to try in turn: the one `pdfLogos` names for printing, then the brand's own. */
  logoFiles: string[];
}

/**
 * The brand an account belongs to, or the tenant's main one: its name, colours, contact and logo.
 * `pdfLogos` (plugin setting) names a printable logo per brand for brands whose logo is SVG.
 */
export function pdfBrand(tenant: Tenant, brandId: string | null, pdfLogos: Record<string, string> = {}): PdfBrand {
  return brandFromSource(pdfBrandSource(tenant, brandId, pdfLogos));
}

export function pdfBrandSource(tenant: Tenant, brandId: string | null, pdfLogos: Record<string, string> = {}): PdfBrandSource {
  const brand = tenant.brands.find((b) => b.id === brandId) ?? tenant.brands[0];
  const logoFiles = [pdfLogos[brand.id], brand.branding.logo].filter((f): f is string => Boolean(f) && /\.(png|jpe?g)$/i.test(f!));
  return { name: brand.name, colors: brand.branding.colors, contact: brand.contact, logoFiles: logoFiles.map((f) => join(tenant.dir, 'assets', f)) };
}

export function brandFromSource(source: PdfBrandSource): PdfBrand {
  let logo: PdfImageAsset | null = null;
  for (const file of source.logoFiles) if ((logo = printableLogo(file))) break;
  return { name: source.name, colors: source.colors, contact: source.contact, logo };
}
