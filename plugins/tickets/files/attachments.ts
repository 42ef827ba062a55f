import { basename } from 'node:path';
import { type PortalServices, checkUpload, UPLOAD_KINDS, type UploadKind, type Locale } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';
import type { StoredAttachment } from '../data/write.ts';
import type { Translate } from '../i18n.ts';
import { kindList, megabytes } from '../view-models/text.ts';
import type { TicketForm } from './read-form.ts';

/** Their keys in core's file store: `<tenant>/tickets/<random>`. */
export const ATTACHMENT_AREA = 'tickets';

export interface CheckedFile {
  filename: string;
  data: Buffer;
  mime: string;
}

/** What a browser's file picker should offer: the tenant's kinds, by extension and type. */
export function acceptList(kinds: readonly UploadKind[]): string {
  return kinds.flatMap((k) => [...UPLOAD_KINDS[k].extensions, UPLOAD_KINDS[k].mime]).join(',');
}

/** The name shown and offered on download: no folders, no control characters, a sane length. */
export function cleanFilename(name: string): string {
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"]/g, '').replace(/\s+/g, ' ').trim();
  if (!base) return 'archivo';
  if (base.length <= 120) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 6 ? base.slice(dot) : '';
  return base.slice(0, 120 - ext.length) + ext;
}

/**
 * Every file must be an allowed kind by its extension AND its first bytes, within the size limit.
 * One message per problem, naming the file, so the customer knows which one to change.
 */
export async function checkFiles(form: TicketForm, settings: TicketsSettings, t: Translate, locale: Locale): Promise<{ files: CheckedFile[]; errors: string[] }> {
  const { maxFiles, maxBytes, kinds } = settings.attachments;
  const params = { kinds: kindList(kinds, locale), max: megabytes(maxBytes, locale), count: maxFiles };
  const errors: string[] = [];
  if (form.tooMany) errors.push(t('attach.tooMany', params));
  for (const name of form.tooLarge) errors.push(t('attach.too-large', { ...params, name: cleanFilename(name) }));
  const files: CheckedFile[] = [];
  for (const file of form.files) {
    const name = cleanFilename(file.filename);
    const checked = await checkUpload(file.data, name, kinds, maxBytes);
    if (checked.ok) files.push({ filename: name, data: file.data, mime: checked.mime });
    else errors.push(t(`attach.${checked.reason}`, { ...params, name }));
  }
  return { files, errors };
}

/** Written before the transaction that points at them; `removeFiles` undoes it when that fails. */
export async function saveFiles(store: PortalServices['files'], tenantId: string, files: CheckedFile[]): Promise<StoredAttachment[]> {
  const saved: StoredAttachment[] = [];
  try {
    for (const f of files) {
      const stored = await store.put(tenantId, ATTACHMENT_AREA, f.data);
      saved.push({ key: stored.key, filename: f.filename, mime: f.mime, size: stored.size });
    }
  } catch (err) {
    await removeFiles(store, tenantId, saved);
    throw err;
  }
  return saved;
}

export async function removeFiles(store: PortalServices['files'], tenantId: string, files: StoredAttachment[]): Promise<void> {
  for (const f of files) await store.remove(tenantId, f.key);
}

/** `attachment; filename="…"` with an ASCII fallback and the real name for browsers that read RFC 5987. */
export function contentDisposition(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * as they are, which RFC 5987 does not allow in the value.
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
