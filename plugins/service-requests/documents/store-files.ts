import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices } from 'portal/sdk';
import { RequestDocument } from '../entities.ts';
import type { AcceptedFile } from './check-documents.ts';

/** Their keys in core's file store: `<tenant>/service-requests/<random>`. */
export const DOCUMENT_AREA = 'service-requests';

export interface StoredFile extends AcceptedFile {
  key: string;
  size: number;
  sha256: string;
}

/**
 * Files are written before the transaction that records them; if it fails, `discard` removes them
 * again, so no row points at a missing file and no file outlives a request that was never filed.
 */
export async function storeFiles(files: PortalServices['files'], tenantId: string, accepted: AcceptedFile[]): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  try {
    for (const file of accepted) {
      const saved = await files.put(tenantId, DOCUMENT_AREA, file.data);
      stored.push({ ...file, key: saved.key, size: saved.size, sha256: saved.sha256 });
    }
  } catch (err) {
    await discard(files, tenantId, stored);
    throw err;
  }
  return stored;
}

export async function discard(files: PortalServices['files'], tenantId: string, stored: StoredFile[]): Promise<void> {
  for (const file of stored) await files.remove(tenantId, file.key);
}

export function recordFiles(em: EntityManager, tenantId: string, requestId: number, eventId: number | null, stored: StoredFile[]): void {
  for (const file of stored) {
    em.create(RequestDocument, {
      tenantId,
      requestId,
      eventId,
      slot: file.slot,
      fileKey: file.key,
      filename: file.filename,
      mime: file.mime,
      size: file.size,
      sha256: file.sha256,
    } as any);
  }
}
