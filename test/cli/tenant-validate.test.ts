import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_FRAME } from './run-cli.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portal-validate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tenant file named after its id, as the validator requires. */
function tenantFile(id: string, body: string): string {
  const file = join(dir, `${id}.yaml`);
  writeFileSync(file, `id: ${id}\nname: Acme Cable\nhostnames: [portal.${id}.test]\n${body}`);
  return file;
}

describe('portal tenant validate', () => {
  it('accepts a valid file: "OK <file>", exit 0', async () => {
    const file = tenantFile('valid', 'plugins:\n  faq:\n    entries:\n      - { question: ¿Hola?, answer: Chau. }\n');
    const res = await runCliInProcess(['tenant', 'validate', file]);
    expect(res.stdout.trim()).toBe(`OK ${file}`);
    expect(res.code).toBe(0);
  });

  it('reports a wrong type as file:line:col field: message, exit 1', async () => {
    const file = tenantFile('wrong-type', 'currency: 12\n');
    const res = await runCliInProcess(['tenant', 'validate', file]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${file}:4:11 currency: must be string (got number)`);
    expect(res.stderr).not.toMatch(STACK_FRAME);
  });

  it('reports an unknown plugin and lists the available ones', async () => {
    const file = tenantFile('unknown-plugin', 'plugins:\n  invoicez: {}\n');
    const res = await runCliInProcess(['tenant', 'validate', file]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(new RegExp(`^${escape(file)}:5:3 plugins\\.invoicez: unknown plugin; available: .*\\bfaq\\b`, 'm'));
  });

  it("reports a bad plugin setting at the setting's own line", async () => {
    const file = tenantFile('bad-setting', 'plugins:\n  faq:\n    showOnDashboard: "yes"\n');
    const res = await runCliInProcess(['tenant', 'validate', file]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${file}:6:22 plugins.faq.showOnDashboard: must be boolean (got string)`);
  });

  it('reports voucher types the issuer\'s VAT condition cannot issue at their own line, naming the condition', async () => {
    const file = tenantFile(
      'exempt-a',
      "plugins:\n  invoices:\n    issuer: { legalName: Cooperativa, cuit: 30-70998877-4, vatCondition: IVA Sujeto Exento }\n    invoiceTypes:\n      - 11\n      - 1\n",
    );
    const res = await runCliInProcess(['tenant', 'validate', file]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${file}:9:9 plugins.invoices.invoiceTypes[1]: 1 is a type A voucher; an issuer "IVA Sujeto Exento" (issuer.vatCondition) issues only C`);
    expect(res.stdout).not.toContain('invoiceTypes[0]');
  });

  it('checks every file given, and fails if any fails', async () => {
    const good = tenantFile('good-one', '');
    const bad = tenantFile('bad-one', 'locale: fr\n');
    const res = await runCliInProcess(['tenant', 'validate', good, bad]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`OK ${good}`);
    expect(res.stdout).toContain(`${bad}:4:9 locale: must be one of: es-AR, en`);
    expect(res.stderr).toContain('1 of 2 tenant file(s) have errors');
  });

  it("refuses brand colours customers could not read, naming the brand, the pair and the ratio", async () => {
    const file = tenantFile(
      'pale',
      "branding:\n  colors: { primary: '#ffcc00' }\nbrands:\n  - id: pale-dos\n    name: Pale Dos\n    hostnames: [portal.pale-dos.test]\n    branding:\n      colors: { text: '#999999' }\n",
    );
    const res = await runCliInProcess(['tenant', 'validate', file]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(new RegExp(`^${escape(file)}:5:22 branding\\.colors\\.primary: Acme Cable: primaryText #ffffff on primary #ffcc00 has contrast 1\\.5:1; text needs at least 4\\.5:1 \\(WCAG AA\\)$`, 'm'));
    expect(res.stdout).toMatch(new RegExp(`^${escape(file)}:11:\\d+ brands\\[0\\]\\.branding\\.colors\\.text: Pale Dos: text #999999 on background #f5f7fa has contrast 2\\.7:1`, 'm'));
    expect(res.stdout).toMatch(/Pale Dos: text #999999 on surface #ffffff has contrast 2\.8:1/);
    // The brand keeps the tenant's primary: that pair is reported once, for the tenant.
    expect(res.stdout).not.toContain('Pale Dos: primaryText');
  });

  it('reports a hostname two files claim in both files, whichever is named first, and a logo file that is not there', { timeout: 90_000 }, async () => {
    const first = tenantFile('first-co', '');
    const second = join(dir, 'second-co.yaml');
    writeFileSync(second, 'id: second-co\nname: Second\nhostnames:\n  - www.second.test\n  - portal.first-co.test\nbranding:\n  logo: nope.svg\n');
    for (const order of [[first, second], [second, first]]) {
      const res = await runCliInProcess(['tenant', 'validate', ...order]);
      expect(res.code).toBe(1);
      expect(res.stdout).toContain(`${second}:5:5 hostnames[1]: hostname "portal.first-co.test" is also claimed by tenant "first-co" (${first})`);
      expect(res.stdout).toContain(`${first}:3:13 hostnames[0]: hostname "portal.first-co.test" is also claimed by tenant "second-co" (${second})`);
      expect(res.stdout).toMatch(new RegExp(`${escape(second)}:7:9 branding\\.logo: file not found: .*second-co/assets/nope\\.svg`));
    }
  });

  it("checks one file against every tenant file of the install: another tenant's hostname is an error on the file's line", async () => {
    const file = tenantFile('takeover', '');
    writeFileSync(file, 'id: takeover\nname: Takeover\nhostnames: [clientes.rednorte.example]\n');
    const res = await runCliInProcess(['tenant', 'validate', file]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${file}:3:13 hostnames[0]: hostname "clientes.rednorte.example" is also claimed by tenant "rednorte" (tenants/rednorte.yaml)`);
    expect(res.stdout).toContain('the tenant that already serves it keeps it');
    expect(res.stdout).not.toContain(`OK ${file}`);
  });

  it("reports a brand whose id takes another tenant's <brand id>.localhost, or a brand hostname already in use", async () => {
    const file = join(dir, 'brandy.yaml');
    writeFileSync(file, 'id: brandy\nname: Brandy\nhostnames: [portal.brandy.test]\nbrands:\n  - id: servidoresya\n    name: Servidores Truchos\n    hostnames: [panel.nubehost.example]\n');
    const res = await runCliInProcess(['tenant', 'validate', file]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`${file}:5:9 brands[0].id: hostname "servidoresya.localhost" is also claimed by tenant "nubehost" (tenants/nubehost.yaml)`);
    expect(res.stdout).toContain(`${file}:7:17 brands[0].hostnames[0]: hostname "panel.nubehost.example" is also claimed by tenant "nubehost"`);
  });

  it('warns about a text missing a language the tenant offers without failing the file, and fails one missing the default language', async () => {
    const partial = tenantFile('partial-text', "contact:\n  hours:\n    - { days: { es-AR: Sábados }, from: '09:00', to: '13:00' }\n");
    const warned = await runCliInProcess(['tenant', 'validate', partial]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain(`${partial}:6:9 contact.hours[0].days: warning: no en text; English (en) pages show the es-AR one`);
    expect(warned.stdout).toContain(`OK ${partial} (1 warning)`);
    const noDefault = tenantFile('no-default-text', "locale: en\ncontact:\n  hours:\n    - { days: { es-AR: Sábados }, from: '09:00', to: '13:00' }\n");
    const refused = await runCliInProcess(['tenant', 'validate', noDefault]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`${noDefault}:7:9 contact.hours[0].days: needs the text in en, the tenant's default language (has es-AR)`);
  });

  it('says so when a file does not exist', async () => {
    const res = await runCliInProcess(['tenant', 'validate', join(dir, 'missing.yaml')]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('missing.yaml: cannot read: ENOENT');
  });

  it('answers a wrong option with a usage error, exit 2', async () => {
    const res = await runCliInProcess(['tenant', 'validate', '--frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('usage: portal tenant validate');
    expect(res.stderr).not.toMatch(STACK_FRAME);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
