import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { browser, createCustomer, HOSTS, query, sessionsOf } from '../support/fixtures.ts';
import { Customer } from '../../core/accounts/entities.ts';
import type { Client } from '../support/browser-like-client.ts';

let portal: TestPortal;
let ana: Client;
let anaId: number;
let boris: { id: number; greeting: number };
let betaGreeting: number;
let anaGreeting: number;

async function greeting(tenantId: string, customerId: number, text: string): Promise<number> {
  const [row] = await query<{ id: number }>(portal, 'INSERT INTO hello_greetings (tenant_id, customer_id, text) VALUES (?, ?, ?) RETURNING id', [tenantId, customerId, text]);
  return row.id;
}

beforeAll(async () => {
  portal = await startTestPortal();
  const a = await createCustomer(portal, 'alpha', { email: 'ana@alpha.test' });
  const b = await createCustomer(portal, 'alpha', { email: 'boris@alpha.test' });
  const c = await createCustomer(portal, 'beta', { email: 'ana@alpha.test' });
  anaId = a.customer.id;
  anaGreeting = await greeting('alpha', a.customer.id, 'de Ana');
  boris = { id: b.customer.id, greeting: await greeting('alpha', b.customer.id, 'de Boris') };
  betaGreeting = await greeting('beta', c.customer.id, 'de Beta');
  ana = browser(portal, HOSTS.alpha);
  expect((await ana.login(a.number!, a.password)).statusCode).toBe(303);
  const borisBrowser = browser(portal, HOSTS.alpha);
  expect((await borisBrowser.login(b.number!, b.password)).statusCode).toBe(303);
});
afterAll(async () => portal?.dispose());

describe('a customer reaches only their own records', () => {
  it('reads their own record', async () => {
    const res = await ana.get(`/hello/greetings/${anaGreeting}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: anaGreeting, text: 'de Ana' });
  });

  it("answers 404 for another customer's record of the same tenant, and changes nothing", async () => {
    expect((await ana.get(`/hello/greetings/${boris.greeting}`)).statusCode).toBe(404);
    await ana.get(`/hello/greetings/${anaGreeting}`);
    expect((await ana.post(`/hello/greetings/${boris.greeting}`, { text: 'hacked' })).statusCode).toBe(404);
    expect(await query(portal, 'SELECT text FROM hello_greetings WHERE id = ?', [boris.greeting])).toEqual([{ text: 'de Boris' }]);
  });

  it("answers 404 for another tenant's record, and changes nothing", async () => {
    expect((await ana.get(`/hello/greetings/${betaGreeting}`)).statusCode).toBe(404);
    expect((await ana.post(`/hello/greetings/${betaGreeting}`, { text: 'hacked' })).statusCode).toBe(404);
    expect(await query(portal, 'SELECT text FROM hello_greetings WHERE id = ?', [betaGreeting])).toEqual([{ text: 'de Beta' }]);
  });

  it("cannot end another customer's session", async () => {
    const [borisSession] = await sessionsOf(portal, boris.id);
    await ana.get('/account/sessions');
    const res = await ana.post(`/account/sessions/${borisSession.id_hash.slice(0, 16)}/end`);
    expect(res.statusCode).toBe(404);
    expect(await sessionsOf(portal, boris.id)).toHaveLength(1);
  });

  it('keeps a session cookie to the tenant that issued it', async () => {
    const onBeta = browser(portal, HOSTS.beta);
    const cookie = ana.cookie('portal_sid');
    expect(cookie).toBeTruthy();
    const res = await onBeta.get('/dashboard', { cookie: `portal_sid=${cookie}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
    expect(await sessionsOf(portal, anaId)).toHaveLength(1);
  });
});

describe('the tenant filter', () => {
  it('refuses an entity query that names no tenant instead of reading every tenant', async () => {
    await expect(portal.db.orm.em.fork().find(Customer, {})).rejects.toThrow(/tenant/);
  });

  it("scopes an entity manager to one tenant's rows", async () => {
    const alpha = await portal.db.forTenant('alpha').find(Customer, {});
    const beta = await portal.db.forTenant('beta').find(Customer, {});
    expect(alpha.map((c) => c.tenantId)).toEqual(['alpha', 'alpha']);
    expect(beta.map((c) => c.tenantId)).toEqual(['beta']);
  });
});
