import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startTestPortal, type TestPortal } from './support/test-portal.ts';
import { REPO_ROOT } from '../core/config/load-config.ts';
import { Client } from './support/browser-like-client.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ pluginPaths: [join(REPO_ROOT, 'plugins'), join(REPO_ROOT, 'test/fixtures/plugins')] });
});
afterAll(async () => portal?.dispose());

describe('smoke', () => {
  it('serves the login page of the tenant', async () => {
    const c = new Client(portal.app, 'portal.alpha.test');
    const res = await c.get('/login');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Alpha Internet');
  });
});
