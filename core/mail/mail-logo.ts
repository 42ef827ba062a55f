import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Brand, Tenant } from '../tenants/tenant.ts';
import type { Attachment } from './mailer.ts';

const RASTER: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

/**
 * The brand's logo as an inline (CID) image of the message. Inline, not a link to the portal:
 * clients that block remote images until the reader allows them (Outlook, Thunderbird, Apple Mail
 * with privacy protection) show attached ones at once, and a demo's `*.localhost` address would
 * be unreachable from any mailbox. Raster only: Gmail and Outlook do not draw SVG.
 */
// Read once per brand object (a reloaded tenant file brings new ones): a monthly run mails
// every customer, and the logo was read from disk for each message.
const logos = new WeakMap<Brand, Attachment | null>();

export function mailLogo(tenant: Tenant, brand: Brand): Attachment | null {
  let logo = logos.get(brand);
  if (logo === undefined) logos.set(brand, (logo = readLogo(tenant, brand)));
  return logo;
}

function readLogo(tenant: Tenant, brand: Brand): Attachment | null {
  const file = brand.mail.logo ?? brand.branding.logo;
  const type = file ? RASTER[extname(file).toLowerCase()] : undefined;
  if (!file || !type) return null;
  const path = join(tenant.dir, 'assets', file);
  // tenant validate reports a missing file; an email still goes out, with the brand name alone.
  if (!existsSync(path)) return null;
  return { filename: `logo${extname(file).toLowerCase()}`, contentType: type, content: readFileSync(path), cid: `logo.${brand.id}@portal` };
}
