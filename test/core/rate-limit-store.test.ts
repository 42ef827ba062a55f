import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { postgresRateLimitStore } from '../../core/http/rate-limit-store.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

type Store = ReturnType<typeof storeOfOneProcess>;
const storeOfOneProcess = (url: string) => {
  const Store = postgresRateLimitStore(portal.db.orm);
  return new Store().child({ routeInfo: { method: 'POST', url } });
};
const hit = (store: Store, key: string, windowMs = 60_000) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (err, res) => (err ? reject(err) : resolve(res!)), windowMs));

describe('rate-limit counters in PostgreSQL', () => {
  it('are shared by every portal process: two stores count one address together', async () => {
    const one = storeOfOneProcess('/login');
    const two = storeOfOneProcess('/login');
    expect((await hit(one, '203.0.113.5')).current).toBe(1);
    expect((await hit(two, '203.0.113.5')).current).toBe(2);
    const third = await hit(one, '203.0.113.5');
    expect(third.current).toBe(3);
    expect(third.ttl).toBeGreaterThan(55_000);
    expect(third.ttl).toBeLessThanOrEqual(60_000);
    // Counted concurrently, no hit is lost.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => hit(i % 2 ? one : two, '203.0.113.5')));
    expect(burst.map((b) => b.current).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('count each route and each address on its own', async () => {
    const login = storeOfOneProcess('/login');
    const reset = storeOfOneProcess('/password/reset');
    await hit(login, '198.51.100.1');
    await hit(login, '198.51.100.1');
    expect((await hit(reset, '198.51.100.1')).current).toBe(1);
    expect((await hit(login, '198.51.100.2')).current).toBe(1);
  });

  it('start again once the window is over', async () => {
    const login = storeOfOneProcess('/window');
    await hit(login, '192.0.2.9');
    await hit(login, '192.0.2.9');
    await portal.db.orm.em.getConnection().execute(`UPDATE rate_limit_counters SET window_ends = now() - interval '1 second' WHERE key LIKE '%/window:192.0.2.9'`);
    expect((await hit(login, '192.0.2.9')).current).toBe(1);
  });
});
