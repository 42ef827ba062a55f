import { readFileSync, statSync } from 'node:fs';
import { prepareImage, type PdfImageAsset } from './pdf-image.ts';

const prepared = new Map<string, { stamp: string; asset: PdfImageAsset | null }>();

/**
 * A tenant's logo file (PNG or JPEG) ready for PDFs, decoded once. The file's size and time are
 * checked on every call, so a logo replaced on disk is printed from the next document on. A file
 * that is missing or cannot be read as an image gives null: the document prints the brand's name.
 */
export function printableLogo(path: string): PdfImageAsset | null {
  let stamp: string;
  try {
    const stat = statSync(path);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
  const cached = prepared.get(path);
  if (cached?.stamp === stamp) return cached.asset;
  let asset: PdfImageAsset | null;
  try {
    asset = prepareImage(readFileSync(path));
  } catch {
    asset = null;
  }
  prepared.set(path, { stamp, asset });
  return asset;
}
