import { afterAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createCustomer, query } from '../support/fixtures.ts';
import { argon2For, STRONG_ARGON2 } from '../../core/auth/passwords.ts';

const started: TestPortal[] = [];
afterAll(async () => {
  for (const portal of started) await portal.dispose();
});

async function storedHash(portal: TestPortal, customerId: number): Promise<string> {
  const [row] = await query<{ password_hash: string }>(portal, 'SELECT password_hash FROM customers WHERE id = ?', [customerId]);
  return row.password_hash;
}

describe('password hashing cost', () => {
  it('is the ASVS argon2id minimum (19 MiB, 2 passes) everywhere but env test', () => {
    expect(argon2For('production')).toEqual({ algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(argon2For('development')).toEqual(argon2For('production'));
    expect(argon2For('test').algorithm).toBe(2);
    expect(argon2For('test').memoryCost).toBeLessThan(19456);
  });

  it('a production portal stores strong argon2id hashes; a test portal cheap ones that still verify alongside strong ones', async () => {
    const prod = await startTestPortal({
      env: 'production',
      publicBaseUrl: 'https://portal.alpha.test',
      trustProxy: 1,
      mail: { transport: 'files', from: 'Portal <no-reply@portal.example.net>' },
    });
    started.push(prod);
    const inProduction = await createCustomer(prod, 'alpha');
    expect(await storedHash(prod, inProduction.customer.id)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const test = await startTestPortal();
    started.push(test);
    const inTest = await createCustomer(test, 'alpha');
    expect(await storedHash(test, inTest.customer.id)).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect((await browser(test, HOSTS.alpha).login(inTest.number!, inTest.password)).statusCode).toBe(303);

    // A hash made with the production parameters (a copied database, say) still lets its owner in.
    const strong = await createCustomer(test, 'alpha', { password: 'otra-clave-larga-9' });
    await query(test, 'UPDATE customers SET password_hash = ? WHERE id = ?', [await hash('otra-clave-larga-9', STRONG_ARGON2), strong.customer.id]);
    expect((await browser(test, HOSTS.alpha).login(strong.number!, 'otra-clave-larga-9')).statusCode).toBe(303);
    expect((await browser(test, HOSTS.alpha).login(strong.number!, 'otra-clave-larga-8')).statusCode).not.toBe(303);
  });
});
