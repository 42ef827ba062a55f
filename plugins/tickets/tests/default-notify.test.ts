import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, createStaff } from 'portal/testing';
import { customer, mails, openThroughForm, signedIn, startTicketsPortal } from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTicketsPortal();
});
afterAll(async () => portal?.dispose());

const staffMail = async () => (await mails(portal, 'mesa')).filter((m) => m.subject.startsWith('Nuevo ticket')).map((m) => m.to_address);

describe('a tenant that names nobody to notify', () => {
  it('tells the administrators while nobody answers tickets, then the support operators instead', async () => {
    await createStaff(portal, 'mesa', { role: 'administrator', email: 'jefa@mesa.test' });
    await createStaff(portal, 'mesa', { role: 'billing', email: 'cobranzas@mesa.test' });
    const client = await signedIn(portal, 'mesa', await customer(portal, 'mesa', 'rita'));
    await openThroughForm(portal, client, { subject: 'Sin señal', message: 'No anda desde ayer.' });
    expect(await staffMail()).toEqual(['jefa@mesa.test']);

    await createStaff(portal, 'mesa', { role: 'support', email: 'uno@mesa.test' });
    await createStaff(portal, 'mesa', { role: 'support', email: 'dos@mesa.test' });
    await openThroughForm(portal, client, { subject: 'Sigue sin señal', message: 'Nada todavía.' });
    expect(await staffMail()).toEqual(['jefa@mesa.test', 'uno@mesa.test', 'dos@mesa.test']);
  });
});
