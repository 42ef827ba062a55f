import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TENANT = 'apibench';
export const HOST = 'portal.apibench.test';

/** One tenant with invoices enabled and full issuer data, as a production install would have it. */
export function writeBenchTenant(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${TENANT}.yaml`),
    [
      `id: ${TENANT}`,
      'name: Bench Servicios',
      `hostnames: [${HOST}]`,
      "branding: { colors: { primary: '#0b5cad' } }",
      'plugins:',
      '  invoices:',
      '    issuer:',
      '      legalName: Bench Servicios S.A.',
      "      cuit: '33-69345023-9'",
      '      vatCondition: Responsable Inscripto',
      '      address: Av. Corrientes 1234, CABA',
      '',
    ].join('\n'),
  );
}
