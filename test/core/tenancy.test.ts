import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { Client } from '../support/browser-like-client.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ pluginPaths: [join(REPO_ROOT, 'plugins'), join(REPO_ROOT, 'test/fixtures/plugins')] });
});
afterAll(async () => portal?.dispose());

describe('tenant resolution by hostname', () => {
  it('answers an unknown host with a neutral 404 that names no tenant', async () => {
    const res = await new Client(portal.app, 'nobody.example').get('/login');
    expect(res.statusCode).toBe(404);
    for (const name of ['Alpha', 'Beta', 'alpha', 'beta', 'portal.alpha.test']) expect(res.body).not.toContain(name);
  });

  it('matches the hostname case-insensitively and ignores the port', async () => {
    const res = await new Client(portal.app, 'PORTAL.Alpha.TEST:8443').get('/login');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Alpha Internet');
  });

  it('answers every hostname of a tenant and <id>.localhost in development', async () => {
    for (const host of ['portal.beta.test', 'www.beta.test', 'beta.localhost']) {
      const res = await new Client(portal.app, host).get('/login');
      expect(res.statusCode, host).toBe(200);
      expect(res.body).toContain('Beta Aguas');
    }
  });

  it('shows a brand its own name and colour over the same tenant', async () => {
    const res = await new Client(portal.app, 'portal.betados.test').get('/login');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Beta Dos');
    expect(res.body).toContain('--color-primary:#0000aa');
    const main = await new Client(portal.app, 'portal.beta.test').get('/login');
    expect(main.body).toContain('--color-primary:#007a33');
  });

  it('answers 503 with a neutral page for a tenant whose file is broken, and keeps the others up', async () => {
    const res = await new Client(portal.app, 'portal.broken.test').get('/login');
    expect(res.statusCode).toBe(503);
    expect(res.body).not.toContain('Broken Co');
    expect(res.body).not.toContain('currency');
    expect(portal.tenants.broken.get('broken')?.error).toMatch(/broken\.yaml:4:\d+ currency: must be string/);
    expect((await new Client(portal.app, 'portal.alpha.test').get('/login')).statusCode).toBe(200);
  });
});

describe('plugins per tenant', () => {
  it('serves a plugin route for a tenant that enables it and 404 for one that does not', async () => {
    const alpha = await new Client(portal.app, 'portal.alpha.test').get('/hello');
    expect(alpha.statusCode).toBe(200);
    expect(alpha.json()).toEqual({ tenant: 'alpha', greeting: 'hola', times: 1 });
    const beta = await new Client(portal.app, 'portal.beta.test').get('/hello');
    expect(beta.statusCode).toBe(404);
  });

  it('orders plugins by dependency and gives each tenant only its enabled ones', () => {
    expect(portal.tenants.get('alpha')!.plugins.has('hello')).toBe(true);
    expect(portal.tenants.get('beta')!.plugins.has('hello')).toBe(false);
    expect([...portal.tenants.get('alpha')!.plugins.keys()].sort()).toEqual(['faq', 'hello']);
  });

  it('serves the faq page from the tenant file in the tenant language', async () => {
    const alpha = await new Client(portal.app, 'portal.alpha.test').get('/faq');
    expect(alpha.statusCode).toBe(200);
    expect(alpha.body).toContain('¿Cómo pago mi factura?');
    expect(alpha.body).toContain('Preguntas frecuentes');
    const beta = await new Client(portal.app, 'portal.beta.test').get('/faq');
    expect(beta.body).toContain('Frequently asked questions');
    expect(beta.body).not.toContain('¿Cómo pago mi factura?');
  });

  it('switches language with ?lang= and remembers it', async () => {
    const c = new Client(portal.app, 'portal.beta.test');
    const es = await c.get('/faq?lang=es-AR');
    expect(es.body).toContain('Preguntas frecuentes');
    expect((await c.get('/faq')).body).toContain('Preguntas frecuentes');
  });
});

describe('security headers', () => {
  it('sends CSP with frame-ancestors none, nosniff and a referrer policy', async () => {
    const res = await new Client(portal.app, 'portal.alpha.test').get('/login');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('refuses a form post without a CSRF token', async () => {
    const c = new Client(portal.app, 'portal.alpha.test');
    await c.get('/login');
    const res = await c.post('/login', { identifier: 'x', password: 'y', _csrf: '' });
    expect(res.statusCode).toBe(403);
  });
});
