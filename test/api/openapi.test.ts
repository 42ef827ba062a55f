import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestPortal } from '../support/test-portal.ts';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { inputSchemas } from '../../plugins/invoices/data/input-schemas.ts';
import { api, HOSTS, keyFor, startApiPortal } from './support/api-portal.ts';

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

describe('what the document promises', () => {
  const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

  it('gives every operation an operationId, its 401/403/429 answers (413 where there is a body), and required fields', async () => {
    const doc = (await get(HOSTS.one, '/api/v1/openapi.json')).json();
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(operations).filter(([m]) => METHODS.includes(m))) {
        const where = `${method} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(op.operationId), where).toBe(false);
        ids.add(op.operationId);
        const codes = Object.keys(op.responses);
        expect(codes, where).toEqual(expect.arrayContaining(['401', '403', '429']));
        if (op.requestBody) expect(codes, where).toContain('413');
        const problem = op.responses['401'].content['application/json'].schema;
        expect(problem.required, where).toEqual(expect.arrayContaining(['statusCode', 'error', 'message', 'requestId']));
      }
    }
    expect(ids.size).toBeGreaterThan(10);
  });

  it('answers an unknown route or method with 404, with or without a key', async () => {
    const key = await keyFor(portal, 'one', ['invoices:write']);
    for (const [method, url] of [['POST', '/api/v1/invoices'], ['GET', '/api/v1/no-such-thing'], ['DELETE', '/api/v1/invoices/F-1']] as const) {
      const res = await portal.app.inject({ method, url, headers: { host: HOSTS.one, authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: '{}' });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().message).toContain('here');
    }
    expect((await api(portal, 'one', null).post('/api/v1/invoices', {})).statusCode).toBe(401);
  });

  it('passes @redocly/cli lint with no errors and no warnings', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, (await get(HOSTS.one, '/api/v1/openapi.json')).body);
      // No telemetry, no update check: the lint must run without a network.
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
      const run = await promisify(execFile)(join(REPO_ROOT, 'node_modules/.bin/redocly'), ['lint', file, '--format', 'stylish'], { env, cwd: dir }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
      expect(run.out).not.toMatch(/warning|error/i);
      expect(run.code, run.out).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
