import { describe, expect, it } from 'vitest';
import { tenantValidator, validationErrorsOf } from '../support/tenant-validator.ts';

const validator = () => tenantValidator(['test/fixtures/plugins']);
const errorsOf = validationErrorsOf;

const base = `id: acme
name: Acme
hostnames: [acme.test]
`;

describe('tenant file errors name file, line and field', () => {
  it('a wrong type', async () => {
    const v = await validator();
    const lines = errorsOf(() => v.load('/t/acme.yaml', base + 'locale: fr\ncurrency: 12\n'));
    expect(lines).toContain('/t/acme.yaml:4:9 locale: must be one of: es-AR, en');
    expect(lines).toContain('/t/acme.yaml:5:11 currency: must be string (got number)');
  });

  it('an unknown plugin, listing the available ones', async () => {
    const v = await validator();
    const [line] = errorsOf(() => v.load('/t/acme.yaml', base + 'plugins:\n  faq: {}\n  invoicez: {}\n'));
    expect(line).toMatch(/^\/t\/acme\.yaml:6:\d+ plugins\.invoicez: unknown plugin; available: .*faq.*hello/);
  });

  it('a bad plugin setting', async () => {
    const v = await validator();
    const lines = errorsOf(() => v.load('/t/acme.yaml', base + 'plugins:\n  hello:\n    times: 0\n    colour: red\n'));
    expect(lines.some((l) => /^\/t\/acme\.yaml:6:\d+ plugins\.hello\.times: must be >= 1/.test(l))).toBe(true);
    expect(lines.some((l) => /^\/t\/acme\.yaml:7:\d+ plugins\.hello\.colour: unknown field; allowed: greeting, times/.test(l))).toBe(true);
  });

  it('a core mistake and a bad plugin setting in one run, not one after the other', async () => {
    const v = await validator();
    const lines = errorsOf(() => v.load('/t/acme.yaml', base + 'currency: 12\nplugins:\n  hello:\n    times: 0\n'));
    expect(lines).toContain('/t/acme.yaml:4:11 currency: must be string (got number)');
    expect(lines.some((l) => /^\/t\/acme\.yaml:7:\d+ plugins\.hello\.times: must be >= 1/.test(l))).toBe(true);
  });

  it('an id that does not match the file name, an unknown theme and time zone', async () => {
    const v = await validator();
    const lines = errorsOf(() => v.load('/t/other.yaml', base + 'theme: fancy\ntimezone: Mars/Olympus\n'));
    expect(lines.some((l) => l.startsWith('/t/other.yaml:1:') && l.includes('id: must equal the file name "other"'))).toBe(true);
    expect(lines.some((l) => l.startsWith('/t/other.yaml:4:') && l.includes('theme: unknown theme; available: default'))).toBe(true);
    expect(lines.some((l) => l.startsWith('/t/other.yaml:5:') && l.includes('timezone: unknown IANA time zone'))).toBe(true);
  });

  it('applies setting defaults for a valid file', async () => {
    const v = await validator();
    const tenant = v.load('/t/acme.yaml', base + 'plugins:\n  hello: ~\n');
    expect(tenant.plugins.get('hello')).toEqual({ greeting: 'hola', times: 1 });
    expect(tenant.locale).toBe('es-AR');
    expect(tenant.brands[0].branding.colors.primary).toMatch(/^#/);
  });
});

describe('plugin checks beyond the schema', () => {
  it('reports a problem from validateSettings at its line and field', async () => {
    const v = await validator();
    const [line] = errorsOf(() => v.load('/t/acme.yaml', base + 'plugins:\n  invoices:\n    issuer:\n      cuit: 33-69345023-8\n'));
    expect(line).toBe('/t/acme.yaml:7:13 plugins.invoices.issuer.cuit: "33-69345023-8" has a wrong check digit');
  });
});
