import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal, Client } from 'portal/testing';

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
