import { basename } from 'node:path';
import { checkUpload, UPLOAD_KINDS, type UploadKind, type Locale } from 'portal/sdk';
import type { DocumentRequirement, Message } from '../types/contract.ts';
import type { PostedFile } from './read-posted-form.ts';

export interface AcceptedFile {
  slot: string;
  filename: string;
  data: Buffer;
  mime: string;
}

export const fieldOfDocument = (id: string) => `doc-${id}`;

/** A name to show, never a path: no folders, no control characters, a sane length. */
export function cleanFilename(name: string, fallbackExtension: string): string {
  const cleaned = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"<>]/g, '').trim().slice(-120);
  return cleaned || `documento${fallbackExtension}`;
}

export function describeKinds(kinds: readonly UploadKind[]): string {
  return kinds.map((k) => k.toUpperCase()).join(', ');
}

export function acceptOf(kinds: readonly UploadKind[]): string {
  return [...new Set(kinds.flatMap((k) => [UPLOAD_KINDS[k].mime, ...UPLOAD_KINDS[k].extensions]))].join(',');
}

/**
 * Each required document present once, each file the kind its name says and its first bytes
 * confirm, within its size. Problems come back per form field, as keys with their placeholders.
 */
export async function checkDocuments(requirements: readonly DocumentRequirement[], files: PostedFile[], locale: Locale): Promise<{ accepted: AcceptedFile[]; errors: Record<string, Message> }> {
  const accepted: AcceptedFile[] = [];
  const errors: Record<string, Message> = {};
  for (const doc of requirements) {
    const field = fieldOfDocument(doc.id);
    const file = files.find((f) => f.field === field);
    const params = { max: megabytes(doc.maxBytes, locale), kinds: describeKinds(doc.kinds) };
    if (!file) {
      if (!doc.optional) errors[field] = { key: 'documents.errors.required', params };
      continue;
    }
    if (file.tooLarge) {
      errors[field] = { key: 'documents.errors.too-large', params };
      continue;
    }
    const checked = await checkUpload(file.data, file.filename, doc.kinds, doc.maxBytes);
    if (!checked.ok) errors[field] = { key: `documents.errors.${checked.reason}`, params };
    else accepted.push({ slot: doc.id, filename: cleanFilename(file.filename, checked.extension), data: file.data, mime: checked.mime });
  }
  return { accepted, errors };
}

/** Files added to an answer: any number up to the limit, each of the allowed kinds. */
export async function checkReplyFiles(files: PostedFile[], kinds: readonly UploadKind[], maxBytes: number, locale: Locale): Promise<{ accepted: AcceptedFile[]; error: Message | null }> {
  const accepted: AcceptedFile[] = [];
  const params = { max: megabytes(maxBytes, locale), kinds: describeKinds(kinds) };
  for (const file of files) {
    if (file.tooLarge) return { accepted: [], error: { key: 'documents.errors.too-large', params: { ...params, name: file.filename } } };
    const checked = await checkUpload(file.data, file.filename, kinds, maxBytes);
    if (!checked.ok) return { accepted: [], error: { key: `documents.errors.${checked.reason}`, params: { ...params, name: file.filename } } };
    accepted.push({ slot: 'reply', filename: cleanFilename(file.filename, checked.extension), data: file.data, mime: checked.mime });
  }
  return { accepted, error: null };
}

export function megabytes(bytes: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1_000_000);
}
