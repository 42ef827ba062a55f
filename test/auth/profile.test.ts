import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createCustomer, location, query } from '../support/fixtures.ts';

let portal: TestPortal;
const events: Record<string, unknown>[] = [];
beforeAll(async () => {
  portal = await startTestPortal();
  portal.services.events.on('customer.contact-changed', 'core', async (payload) => {
    events.push(payload);
  });
});
afterAll(async () => portal?.dispose());

async function signedIn(input: Parameters<typeof createCustomer>[2] = {}) {
  const created = await createCustomer(portal, 'alpha', input);
  const c = browser(portal, HOSTS.alpha);
  await c.login(created.number, created.password);
  return { ...created, c };
}

async function row(customerId: number) {
  const [r] = await query(portal, 'SELECT email, phone, mobile, address, name, email_verified_at FROM customers WHERE id = ?', [customerId]);
  return r;
}

describe('profile', () => {
  it('shows contact data to edit and identity data read-only', async () => {
    const { c } = await signedIn({ email: 'ver@example.com', phone: '011 4444-5555', accounts: [{ holderName: 'Ana Sosa', documentType: 'DNI', documentNumber: '28999111' }] });
    const page = await c.get('/account/profile');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mis datos');
    expect(page.body).toContain('value="ver@example.com"');
    expect(page.body).toContain('value="011 4444-5555"');
    expect(page.body).toContain('Ana Sosa');
    expect(page.body).toContain('DNI 28999111');
    expect(page.body).toContain('cambio de titular');
    expect(page.body).not.toMatch(/name="(holderName|documentNumber|name)"/);
    expect(page.body).toMatch(/<a class="nav-link" href="\/account\/profile" aria-current="page">/);
  });

  it("the menu is in the tenant's language and marks the page's own section, page after page", async () => {
    const link = (href: string, current: boolean, label: string) =>
      new RegExp(`<a class="nav-link" href="${href}"${current ? ' aria-current="page"' : ''}>(?:(?!</a>).)*<span>${label}</span></a>`, 's');
    const { c } = await signedIn();
    const beta = await createCustomer(portal, 'beta');
    const b = browser(portal, HOSTS.beta);
    await b.login(beta.number, beta.password);
    for (const [path, section] of [['/dashboard', 'dashboard'], ['/account/profile', 'profile'], ['/dashboard', 'dashboard']] as const) {
      const alpha = (await c.get(path)).body;
      expect(alpha).toMatch(link('/dashboard', section === 'dashboard', 'Inicio'));
      expect(alpha).toMatch(link('/account/profile', section === 'profile', 'Mis datos'));
      const english = (await b.get(path)).body;
      expect(english).toMatch(link('/dashboard', section === 'dashboard', 'Home'));
      expect(english).toMatch(link('/account/profile', section === 'profile', 'My details'));
    }
  });

  it('saves contact changes, audits the field names and tells the plugins', async () => {
    const { c, customer } = await signedIn({ email: 'antes@example.com' });
    await c.get('/account/profile');
    const res = await c.post('/account/profile', { email: 'Despues@Example.com', phone: '+54 11 4444-5555', mobile: '', address: 'Av. Siempre Viva 742' });
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe('/account/profile');
    expect((await c.get('/account/profile')).body).toContain('Guardamos tus datos');

    expect(await row(customer.id)).toMatchObject({ email: 'despues@example.com', phone: '+54 11 4444-5555', mobile: null, address: 'Av. Siempre Viva 742', email_verified_at: null });
    const [audit] = await query(portal, `SELECT details FROM audit_log WHERE tenant_id = 'alpha' AND action = 'profile.update' AND subject = ?`, [String(customer.id)]);
    expect(audit.details).toEqual({ fields: ['email', 'phone', 'address'] });
    expect(JSON.stringify(audit.details)).not.toContain('despues');
    expect(events).toContainEqual({ customerId: customer.id, fields: ['email', 'phone', 'address'] });
  });

  it('explains each invalid field and keeps what was typed', async () => {
    const { c, customer } = await signedIn({ email: 'valido@example.com' });
    await c.get('/account/profile');
    const res = await c.post('/account/profile', { email: 'no-es-un-email', phone: 'llamame', mobile: '15', address: 'x'.repeat(300) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Revisá los campos marcados');
    expect(res.body).toContain('Ingresá un email válido');
    expect(res.body).toContain('Ingresá un teléfono válido');
    expect(res.body).toContain('Ingresá un celular válido');
    expect(res.body).toContain('El domicilio no puede superar los 255 caracteres');
    expect(res.body).toContain('value="no-es-un-email"');
    expect(res.body).toContain('value="llamame"');
    expect(res.body.match(/aria-invalid="true"/g)).toHaveLength(4);
    expect((await row(customer.id)).email).toBe('valido@example.com');
  });

  it('refuses an email another login of the tenant already uses', async () => {
    await createCustomer(portal, 'alpha', { email: 'ocupado@example.com' });
    // The same address in another tenant is someone else entirely, and no obstacle.
    await createCustomer(portal, 'beta', { email: 'libre-en-alpha@example.com' });
    const { c, customer } = await signedIn({ email: 'mio@example.com' });
    await c.get('/account/profile');
    const taken = await c.post('/account/profile', { email: 'OCUPADO@example.com', phone: '', mobile: '', address: '' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('Ese email ya está registrado en otro usuario');
    expect(taken.body).toContain('value="ocupado@example.com"');
    expect((await row(customer.id)).email).toBe('mio@example.com');

    const elsewhere = await c.post('/account/profile', { email: 'libre-en-alpha@example.com', phone: '', mobile: '', address: '' });
    expect(elsewhere.statusCode).toBe(303);
    expect((await row(customer.id)).email).toBe('libre-en-alpha@example.com');
  });

  it('ignores identity fields even when they are posted', async () => {
    const { c, customer, accounts } = await signedIn({ email: 'ident@example.com', name: 'Luis Vera', accounts: [{ holderName: 'Luis Vera', documentNumber: '25111222' }] });
    await c.get('/account/profile');
    const res = await c.post('/account/profile', {
      email: 'ident@example.com',
      phone: '0351 555-1234',
      mobile: '',
      address: '',
      name: 'Otro Titular',
      holderName: 'Otro Titular',
      documentType: 'CUIT',
      documentNumber: '20123456786',
    });
    expect(res.statusCode).toBe(303);
    expect(await row(customer.id)).toMatchObject({ name: 'Luis Vera', phone: '0351 555-1234' });
    const [account] = await query(portal, 'SELECT holder_name, document_type, document_number FROM accounts WHERE id = ?', [accounts[0].id]);
    expect(account).toEqual({ holder_name: 'Luis Vera', document_type: 'DNI', document_number: '25111222' });
  });

  it('refuses a post without its CSRF token and changes nothing', async () => {
    const { c, customer } = await signedIn({ email: 'csrf@example.com' });
    await c.get('/account/profile');
    const missing = await c.post('/account/profile', { _csrf: '', email: 'robado@example.com', phone: '', mobile: '', address: '' });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('El formulario venció');
    const forged = await c.post('/account/profile', { _csrf: 'forged-token', email: 'robado@example.com', phone: '', mobile: '', address: '' });
    expect(forged.statusCode).toBe(403);
    expect((await row(customer.id)).email).toBe('csrf@example.com');
    const audit = await query(portal, `SELECT id FROM audit_log WHERE action = 'profile.update' AND subject = ?`, [String(customer.id)]);
    expect(audit).toHaveLength(0);
  });
});
