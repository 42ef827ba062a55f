import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import { inputSchemas } from '../../plugins/invoices/service/input-schemas.ts';
import { HOSTS, startApiPortal } from './support/api-portal.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startApiPortal();
});
afterAll(async () => portal?.dispose());

const get = (host: string, url: string) => portal.app.inject({ method: 'GET', url, headers: { host } });

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with bearer auth, every resource tagged, bodies from the same schemas the routes validate with', async () => {
    const res = await get(HOSTS.one, '/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers.map((s: { url: string }) => s.url)).toEqual(['/', 'http://portal.apione.test:3000']);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.tags.map((t: { name: string }) => t.name)).toEqual(['customers', 'accounts', 'services', 'invoices', 'payments', 'movements', 'meters', 'readings']);
    const put = doc.paths['/api/v1/invoices/{externalId}'].put;
    expect(put.security).toEqual([{ apiKey: [] }]);
    const body = put.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(inputSchemas.invoice.required.filter((f) => f !== 'externalId'));
    expect(Object.keys(body.properties).sort()).toEqual(Object.keys(inputSchemas.invoice.properties).filter((f) => f !== 'externalId').sort());
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
    expect(doc.paths['/api/v1/readings'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'updated_since', 'source', 'billed']),
    );
  });

  it("a tenant's document lists only what it has", async () => {
    const doc = (await get(HOSTS.bare, '/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/accounts', '/api/v1/accounts/{number}', '/api/v1/customers', '/api/v1/customers/{externalId}', '/api/v1/services', '/api/v1/services/{externalId}',
    ]);
    expect(doc.info.title).toBe('Solo Core provider API');
  });
});

describe('interactive docs', () => {
  it('serve swagger-ui from the portal itself under a relaxed CSP scoped to /api/docs', async () => {
    const page = await get(HOSTS.one, '/api/docs/');
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const assets = [...page.body.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(3);
    for (const src of assets) {
      expect((await get(HOSTS.one, `/api/docs/${src}`)).statusCode, src).toBe(200);
    }
    const spec = (await get(HOSTS.one, '/api/docs/json')).json();
    expect(spec.paths['/api/v1/invoices']).toBeDefined();
    expect((await get(HOSTS.bare, '/api/docs/json')).json().paths['/api/v1/invoices']).toBeUndefined();
  });

  it("leaves the portal's own pages under their strict policy", async () => {
    const login = await get(HOSTS.one, '/login');
    expect(String(login.headers['content-security-policy'])).not.toContain('unsafe-inline');
  });
});
