import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, seedCustomer, startTestPortal, type TestPortal } from 'portal/testing';

/** Tenants without any online gateway, each offering a different set of the other ways to pay. */
const TENANTS = {
  ambos: "{ coupon: { enabled: true, companyCode: '0447' } }",
  cupon: "{ coupon: { enabled: true, companyCode: '0447' }, reports: { enabled: false } }",
  aviso: '{}',
  nada: '{ reports: { enabled: false } }',
} as const;
type Key = keyof typeof TENANTS;

const tenantsDir = mkdtempSync(join(tmpdir(), 'portal-no-gateways-'));
for (const [id, payments] of Object.entries(TENANTS)) {
  writeFileSync(
    join(tenantsDir, `${id}.yaml`),
    [`id: ${id}`, `name: Sin Pasarela ${id}`, `hostnames: [portal.${id}.test]`, 'locales: [es-AR, en]', 'plugins:', '  invoices: {}', `  payments: ${payments}`].join('\n'),
  );
}

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ tenantsDir });
});
afterAll(async () => {
  await portal?.dispose();
  rmSync(tenantsDir, { recursive: true, force: true });
});

/** The /payments notice a customer of the tenant reads, in each language. */
async function notice(tenantId: Key): Promise<{ es: string; en: string }> {
  const password = 'Algarrobo-Blanco-41';
  const c = await seedCustomer(portal.db, { tenantId, email: `cliente@${tenantId}.test`, password, accountNumber: `${tenantId.toUpperCase()}-1` });
  const client = browser(portal, `portal.${tenantId}.test`);
  expect((await client.login(c.email, password)).statusCode).toBe(303);
  const read = async (lang: string) => {
    const page = await client.get(`/payments?lang=${lang}`);
    expect(page.statusCode).toBe(200);
    return /<div class="alert alert-info" role="status" data-no-online="no-gateway">[\s\S]*?<p>([^<]*)<\/p><\/div>/.exec(page.body)?.[1] ?? 'no notice';
  };
  return { es: await read('es-AR'), en: await read('en') };
}

describe('/payments without online gateways names only the ways the tenant offers', () => {
  it('coupon and transfer report', async () => {
    expect(await notice('ambos')).toEqual({
      es: 'Por ahora no hay medios de pago en línea habilitados. Podés pagar con el cupón de pago o informar un pago hecho por transferencia.',
      en: 'No online payment methods are available right now. You can pay with the payment coupon or report a payment made by bank transfer.',
    });
  });

  it('coupon only: no report is offered', async () => {
    expect(await notice('cupon')).toEqual({
      es: 'Por ahora no hay medios de pago en línea habilitados. Podés pagar con el cupón de pago.',
      en: 'No online payment methods are available right now. You can pay with the payment coupon.',
    });
  });

  it('transfer report only: no coupon is offered', async () => {
    expect(await notice('aviso')).toEqual({
      es: 'Por ahora no hay medios de pago en línea habilitados. Podés informar un pago hecho por transferencia.',
      en: 'No online payment methods are available right now. You can report a payment made by bank transfer.',
    });
  });

  it('neither: customer service is named instead', async () => {
    expect(await notice('nada')).toEqual({
      es: 'Por ahora no hay medios de pago en línea habilitados. Consultá a atención al cliente cómo pagar.',
      en: 'No online payment methods are available right now. Ask customer service how to pay.',
    });
  });
});
