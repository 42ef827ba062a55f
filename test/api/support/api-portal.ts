import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { startTestPortal, type TestPortal } from '../../support/test-portal.ts';
import { createApiKey } from '../../../core/api/api-keys.ts';

export const TENANTS_DIR = fileURLToPath(new URL('../fixtures/tenants', import.meta.url));
export const HOSTS = { one: 'portal.apione.test', two: 'portal.apitwo.test', bare: 'portal.apibare.test' } as const;
export type TenantKey = keyof typeof HOSTS;
export const TENANT_IDS: Record<TenantKey, string> = { one: 'apione', two: 'apitwo', bare: 'apibare' };

/** A portal over the API fixture tenants: `apione` and `apitwo` with invoices and meter readings, `apibare` with neither. */
export function startApiPortal(): Promise<TestPortal> {
  return startTestPortal({ tenantsDir: TENANTS_DIR });
}

export async function keyFor(portal: TestPortal, tenant: TenantKey, scopes: string[], rateLimit?: number): Promise<string> {
  const created = await createApiKey(portal.db.forTenant(TENANT_IDS[tenant]), TENANT_IDS[tenant], { name: `test ${scopes.join(' ')}`.slice(0, 100), scopes, rateLimit, createdBy: 'test' });
  return created.key;
}

/** Calls the API of a tenant the way a provider's system would: JSON in, JSON out, a bearer key. */
export function api(portal: TestPortal, tenant: TenantKey, key: string | null) {
  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse> =>
    portal.app.inject({
      method,
      url,
      headers: { host: HOSTS[tenant], ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    get: (url: string) => call('GET', url),
    put: (url: string, body: unknown) => call('PUT', url, body),
    post: (url: string, body: unknown) => call('POST', url, body),
  };
}

export function sql<T = any>(portal: TestPortal, query: string, params: unknown[] = []): Promise<T[]> {
  return portal.db.orm.em.getConnection().execute(query, params as any[], 'all') as Promise<T[]>;
}
