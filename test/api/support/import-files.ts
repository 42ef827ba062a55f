import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestPortal } from '../../support/test-portal.ts';
import { runImport, type ImportReport } from '../../../core/import/run-import.ts';
import { formatOf } from '../../../core/import/read-rows.ts';

/** A folder for the files a test writes; removed by `cleanup`. */
export function fileFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'portal-import-'));
  return {
    write(name: string, text: string): string {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function csv(rows: (string | number)[][]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\n') + '\n';
}

export function jsonl(items: unknown[]): string {
  return items.map((i) => JSON.stringify(i)).join('\n') + '\n';
}

/** What `portal import` runs, against the test portal's own database. */
export function importFile(portal: TestPortal, tenantId: string, kindName: string, file: string, opts: { dryRun?: boolean; batchSize?: number } = {}): Promise<ImportReport> {
  const tenant = portal.tenants.get(tenantId)!;
  const entry = portal.services.api.importKinds(tenant).find((k) => k.kind.kind === kindName);
  if (!entry) throw new Error(`no import kind ${kindName} for ${tenantId}`);
  return runImport({
    databaseUrl: portal.db.orm.config.get('clientUrl') as string,
    useCopy: !portal.db.embedded,
    tenant,
    settings: entry.owner === 'core' ? {} : ((tenant.plugins.get(entry.owner) ?? {}) as Record<string, any>),
    kind: entry.kind,
    file,
    format: formatOf(file)!,
    dryRun: opts.dryRun ?? false,
    batchSize: opts.batchSize ?? 10_000,
    formats: portal.services.api.formats(),
  });
}
