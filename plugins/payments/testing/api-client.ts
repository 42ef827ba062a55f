import type { TestPortal } from 'portal/testing';
import { HOSTS, type TenantKey } from './harness.ts';

/** The provider API as a billing system calls it: a key, JSON bodies, the tenant's hostname. */
export function apiClient(portal: TestPortal, key: string, tenant: TenantKey = 'payon') {
  const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    portal.app.inject({
      method,
      url,
      headers: { host: HOSTS[tenant], authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  return { get: (url: string) => call('GET', url), post: (url: string, body: unknown) => call('POST', url, body) };
}
