import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { listenTestPortal, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { browser, createCustomer } from '../support/fixtures.ts';
import { deliveredEmails } from '../support/eml.ts';

/** The demo's PNG logo: what the tenant file below names as its email logo. */
const LOGO = join(REPO_ROOT, 'tenants/rednorte/assets/logo-print.png');

const tenantsDir = mkdtempSync(join(tmpdir(), 'portal-mail-tenants-'));
mkdirSync(join(tenantsDir, 'correo', 'assets'), { recursive: true });
copyFileSync(LOGO, join(tenantsDir, 'correo', 'assets', 'mail-logo.png'));
writeFileSync(join(tenantsDir, 'correo', 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
writeFileSync(
  join(tenantsDir, 'correo.yaml'),
  [
    'id: correo',
    'name: Correo Norte',
    'hostnames: [portal.correo.test]',
    'branding: { logo: logo.svg }',
    'contact: { email: ayuda@correo.test }',
    'mail: { fromAddress: avisos@correo.test, logo: mail-logo.png }',
    'brands:',
    '  - id: correo-sur',
    '    name: Correo Sur',
    '    hostnames: [portal.correosur.test]',
  ].join('\n'),
);

/** GET over real HTTP on loopback, the Host header naming the tenant as a browser would. */
function get(url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: `${url.pathname}${url.search}`, headers: { host: url.host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function forgot(portal: TestPortal, host: string, email: string): Promise<void> {
  const c = browser(portal, host);
  await c.get('/password/forgot');
  expect((await c.post('/password/forgot', { identifier: email })).statusCode).toBe(200);
}

describe('emails as a mail client receives them, in development', () => {
  let portal: TestPortal;
  let port: number;
  beforeAll(async () => {
    portal = await startTestPortal({ tenantsDir, env: 'development', publicBaseUrl: 'http://localhost:3000' });
    port = await listenTestPortal(portal);
  });
  afterAll(async () => {
    await portal?.dispose();
    rmSync(tenantsDir, { recursive: true, force: true });
  });

  it('links to <brand>.localhost on the port the portal listens on, and the link opens the page', async () => {
    expect(port).not.toBe(3000);
    const { email } = await createCustomer(portal, 'correo', { email: 'rosa@example.com' });
    await forgot(portal, 'portal.correo.test', email!);
    const [mail] = await deliveredEmails(portal, 'rosa@example.com');
    const link = new URL(/https?:\/\/\S+\/password\/reset\?token=\S+/.exec(mail.text ?? '')![0]);
    expect(link.protocol).toBe('http:');
    expect(link.hostname).toBe('correo.localhost');
    expect(Number(link.port)).toBe(port);
    expect(mail.html).toContain(`href="http://correo.localhost:${port}/password/reset?token`);

    const page = await get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Elegí una nueva contraseña');
  });

  it("a second brand's email links to its own <brand>.localhost name", async () => {
    const { email } = await createCustomer(portal, 'correo', { email: 'sur@example.com', accounts: [{ brandId: 'correo-sur' }] });
    await forgot(portal, 'portal.correosur.test', email!);
    const [mail] = await deliveredEmails(portal, 'sur@example.com');
    expect(mail.text).toContain(`http://correo-sur.localhost:${port}/password/reset?token=`);
  });

  it("comes from the tenant's own address, invites a reply where Reply-To points, and greets like every email", async () => {
    await createCustomer(portal, 'correo', { email: 'maria@example.com', name: 'María Laura Quispe' });
    await forgot(portal, 'portal.correo.test', 'maria@example.com');
    const [mail] = await deliveredEmails(portal, 'maria@example.com');
    expect(mail.from?.value).toEqual([{ name: 'Correo Norte', address: 'avisos@correo.test' }]);
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'ayuda@correo.test' }]);
    expect(mail.text).toMatch(/^Hola, María Laura Quispe:$/m);
    expect(mail.text).toContain('¿Dudas? Respondé este correo: tu respuesta llega a ayuda@correo.test.');
    expect(mail.text).not.toContain('no lo respondas');
    expect(mail.html).toContain('tu respuesta llega a ayuda@correo.test');
  });

  it("shows the brand's PNG logo inside the HTML part, as an inline image sent with the message", async () => {
    await createCustomer(portal, 'correo', { email: 'logo@example.com' });
    await forgot(portal, 'portal.correo.test', 'logo@example.com');
    const [mail] = await deliveredEmails(portal, 'logo@example.com');
    const inline = mail.attachments.filter((a) => a.contentDisposition === 'inline');
    expect(inline).toHaveLength(1);
    expect(inline[0].contentType).toBe('image/png');
    expect(inline[0].content.equals(readFileSync(LOGO))).toBe(true);
    // mailparser swaps a resolved cid: reference for the image's data URL, as a client draws it.
    expect(mail.html).toMatch(/<img src="data:image\/png;base64,[^"]+"[^>]*>\s*<span[^>]*>Correo Norte<\/span>/);
    expect(mail.html).not.toContain('logo.svg');
  });
});

describe('emails in production', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal({
      tenantsDir: join(REPO_ROOT, 'test/fixtures/tenants'),
      env: 'production',
      publicBaseUrl: 'https://portal.example:8443',
      mail: { transport: 'files', from: 'Portal <no-reply@portal.example>' },
    });
    await listenTestPortal(portal);
  });
  afterAll(async () => portal?.dispose());

  it("link to the brand's configured hostname with publicBaseUrl's scheme and port, never to a .localhost name", async () => {
    const { email } = await createCustomer(portal, 'alpha', { email: 'prod@example.com' });
    await forgot(portal, 'portal.alpha.test', email!);
    const [mail] = await deliveredEmails(portal, 'prod@example.com');
    expect(mail.text).toContain('https://portal.alpha.test:8443/password/reset?token=');
    expect(mail.text).not.toContain('localhost');
    // Alpha's file names no raster logo: the header carries the brand name alone, nothing attached.
    expect(mail.attachments).toEqual([]);
  });
});
