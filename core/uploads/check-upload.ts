import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/** Kinds of file customers may send, by their real content. */
export const UPLOAD_KINDS = {
  pdf: { mime: 'application/pdf', extensions: ['.pdf'] },
  jpg: { mime: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  png: { mime: 'image/png', extensions: ['.png'] },
  webp: { mime: 'image/webp', extensions: ['.webp'] },
} as const;

export type UploadKind = keyof typeof UPLOAD_KINDS;

export type UploadCheck =
  | { ok: true; kind: UploadKind; mime: string; extension: string }
  | { ok: false; reason: 'empty' | 'too-large' | 'extension' | 'content' };

/**
 * Both the name's extension and the magic bytes must say an allowed kind, and the same one:
 * a renamed executable or an HTML file called `.jpg` is refused.
 */
export async function checkUpload(data: Buffer, filename: string, allowed: readonly UploadKind[], maxBytes: number): Promise<UploadCheck> {
  if (data.length === 0) return { ok: false, reason: 'empty' };
  if (data.length > maxBytes) return { ok: false, reason: 'too-large' };
  const ext = extname(filename).toLowerCase();
  const byName = allowed.find((k) => (UPLOAD_KINDS[k].extensions as readonly string[]).includes(ext));
  if (!byName) return { ok: false, reason: 'extension' };
  const detected = await fileTypeFromBuffer(data);
  if (!detected || detected.mime !== UPLOAD_KINDS[byName].mime) return { ok: false, reason: 'content' };
  return { ok: true, kind: byName, mime: detected.mime, extension: UPLOAD_KINDS[byName].extensions[0] };
}
