import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantValidator } from 'portal/testing';
import type { PaymentsSettings } from '../settings.ts';
import { startPaymentsPortal, type PaymentsHarness } from '../testing/harness.ts';

let h: PaymentsHarness;
let validator: TenantValidator;
beforeAll(async () => {
  h = await startPaymentsPortal();
  validator = new TenantValidator({ plugins: h.portal.plugins, themes: new Map([...h.portal.themes].map(([n, t]) => [n, t.settings])) });
});
afterAll(async () => h?.dispose());

const file = (payments: string, invoices = '  invoices: {}\n') => `id: acme\nname: Acme\nhostnames: [portal.acme.test]\nplugins:\n${invoices}  payments:\n${payments}`;
const problems = (text: string) => {
  try {
    validator.load('/tenants/acme.yaml', text);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('payments settings in a tenant file', () => {
  it('fills the defaults', () => {
    const s = h.portal.tenants.get('payother')!.plugins.get('payments') as unknown as PaymentsSettings;
    expect(s).toMatchObject({ payButtonLimit: 20000, signatureToleranceSeconds: 300, advance: { enabled: true, min: 1000, max: 2000000 }, reconcile: { afterMinutes: 10, forDays: 7, expireAfterHours: 48 }, reports: { enabled: true, maxBytes: 3000000 } });
  });

  it('wants the names of environment variables for secrets, never the secrets themselves', () => {
    expect(problems(file('    gateways:\n      mercadopago: { accessTokenEnv: APP_USR-1234-real-token }\n'))).toMatch(/acme\.yaml:\d+:\d+ plugins\.payments\.gateways\.mercadopago/);
    expect(problems(file('    gateways:\n      mercadopago: { accessTokenEnv: RED_NORTE_MP_TOKEN, webhookSecretEnv: RED_NORTE_MP_SECRET }\n'))).toBe('');
  });

  it('reports a coupon layout that cannot be printed with file, line and field', () => {
    const message = problems(file("    coupon:\n      companyCode: '12345'\n      layout:\n        - { field: company, length: 4 }\n        - { field: amount }\n"));
    expect(message).toMatch(/acme\.yaml:\d+:\d+ plugins\.payments\.coupon\.layout\[0\]\.length: companyCode "12345" does not fit in 4 digits/);
    expect(message).toMatch(/acme\.yaml:11:\d+ plugins\.payments\.coupon\.layout\[1\]\.length: the "amount" block needs its length/);
  });

  it('needs the invoices plugin enabled too', () => {
    expect(problems(file('    {}\n', ''))).toMatch(/invoices/);
  });
});
