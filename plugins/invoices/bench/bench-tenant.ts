import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_TENANT } from './bulk-data.ts';

export const BENCH_HOST = 'portal.invbench.test';

/** One tenant with the plugin enabled and full issuer data, as a production install would have it. */
export function writeBenchTenant(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${BENCH_TENANT}.yaml`),
    [
      `id: ${BENCH_TENANT}`,
      'name: Red Bench Internet',
      `hostnames: [${BENCH_HOST}]`,
      "branding: { colors: { primary: '#0b5cad' } }",
      "contact: { phone: '0800-222-3333', email: ayuda@invbench.test }",
      'plugins:',
      '  invoices:',
      '    issuer:',
      '      legalName: Red Bench Internet S.A.',
      "      cuit: '33-69345023-9'",
      "      grossIncomeNumber: '901-234567-8'",
      "      activityStart: '2004-03-01'",
      '      vatCondition: Responsable Inscripto',
      '      address: Av. Corrientes 1234, CABA',
      '',
    ].join('\n'),
  );
}
