import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startTestPortal, seedCustomer, type TestPortal, Client, REPO_ROOT } from 'portal/testing';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

describe('faq plugin', () => {
  it('lists the questions of the tenant file, answers folded in details', async () => {
    const res = await new Client(portal.app, 'portal.alpha.test').get('/faq');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<summary>¿Cómo pago mi factura\?<\/summary>\s*<p>Con tarjeta o en Rapipago\.<\/p>/);
  });

  it('says so when the tenant has no questions yet, in its language', async () => {
    const res = await new Client(portal.app, 'portal.beta.test').get('/faq');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('There are no questions yet.');
  });

  it('escapes what the tenant file says', () => {
    const html = portal.services.views.render(portal.tenants.get('alpha')!, 'faq/card', { entries: [{ question: '<script>x</script>' }] }, false);
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});

describe('faq plugin in the languages of the tenant', () => {
  let lingua: TestPortal;
  beforeAll(async () => {
    lingua = await startTestPortal({ tenantsDir: join(REPO_ROOT, 'test/fixtures/tenants-localized') });
  });
  afterAll(async () => lingua?.dispose());

  const shown = (body: string) => [...body.matchAll(/<h2>([^<]*)<\/h2>\s*<details>\s*<summary>([^<]*)<\/summary>\s*<p>([^<]*)<\/p><p>([^<]*)<\/p>/g)].map((m) => m.slice(1));

  it('shows category, question and answer paragraphs in the language of the page', async () => {
    const es = await new Client(lingua.app, 'portal.lingua.test').get('/faq');
    expect(shown(es.body)).toEqual([['Pagos', '¿Cómo pago mi factura?', 'Con tarjeta desde la oficina virtual.', 'O en efectivo en Rapipago.']]);
    const en = await new Client(lingua.app, 'portal.lingua.test').get('/faq?lang=en');
    expect(shown(en.body)).toEqual([['Payments', 'How do I pay my invoice?', 'By card from the self-service office.', 'Or in cash at Rapipago.']]);
  });

  it("lists the questions on an English-speaking customer's dashboard in English", async () => {
    await seedCustomer(lingua.db, { tenantId: 'lingua', email: 'faq@lingua.test', password: 'Algarrobo-Negro-81', accountNumber: 'L-0100' });
    const client = new Client(lingua.app, 'portal.lingua.test');
    await client.login('faq@lingua.test', 'Algarrobo-Negro-81');
    const en = await client.get('/dashboard?lang=en');
    expect(en.body).toMatch(/<ul class="stack">\s*<li>How do I pay my invoice\?<\/li>\s*<\/ul>/);
  });
});
