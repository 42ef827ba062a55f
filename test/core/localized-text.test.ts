import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { tenantValidator, validationErrorsOf } from '../support/tenant-validator.ts';
import { localeFromAcceptLanguage } from '../../core/http/accept-language.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { seedCustomer } from '../support/seed-customer.ts';
import { Client } from '../support/browser-like-client.ts';

const validator = () => tenantValidator();
const errorsOf = validationErrorsOf;

const head = (locales = '[es-AR, en]', locale = 'es-AR') => `id: acme\nname: Acme\nhostnames: [acme.test]\nlocale: ${locale}\nlocales: ${locales}\n`;
const warningsOf = (tenant: { warnings?: { line: number; field: string; message: string }[] }) => (tenant.warnings ?? []).map((w) => `${w.line} ${w.field}: ${w.message}`);

describe('a text a tenant file writes, in each language it offers', () => {
  it('takes a plain text or a map by language, in core fields, theme settings and plugin settings', async () => {
    const tenant = (await validator()).load(
      '/t/acme.yaml',
      head() +
        'themeSettings:\n  dashboardWelcome: { es-AR: Hola, en: Hello }\n' +
        "contact:\n  hours:\n    - { days: { es-AR: Sábados, en: Saturdays }, from: '09:00', to: '13:00' }\n    - { days: Feriados, from: '10:00', to: '12:00' }\n" +
        'plugins:\n  faq:\n    entries:\n      - { question: { es-AR: ¿Hola?, en: Hello? }, answer: Chau. }\n',
    );
    expect(warningsOf(tenant)).toEqual([]);
    expect(tenant.brands[0].contact.hours?.[0].days).toEqual({ 'es-AR': 'Sábados', en: 'Saturdays' });
    expect(tenant.themeSettings.dashboardWelcome).toEqual({ 'es-AR': 'Hola', en: 'Hello' });
  });

  it('warns, naming line and field, about an offered language a map leaves out, which then shows the default language', async () => {
    const tenant = (await validator()).load(
      '/t/acme.yaml',
      head() + "contact:\n  hours:\n    - { days: { es-AR: Sábados }, from: '09:00', to: '13:00' }\nplugins:\n  faq:\n    entries:\n      - question: { es-AR: ¿Hola? }\n        answer: Chau.\n",
    );
    expect(warningsOf(tenant)).toEqual([
      '8 contact.hours[0].days: warning: no en text; English (en) pages show the es-AR one',
      '12 plugins.faq.entries[0].question: warning: no en text; English (en) pages show the es-AR one',
    ]);
    expect(tenant.brands[0].contact.hours?.[0].days).toEqual({ 'es-AR': 'Sábados', en: 'Sábados' });
  });

  it('does not ask for a language the tenant does not offer', async () => {
    const tenant = (await validator()).load('/t/acme.yaml', head('[es-AR]') + "contact:\n  hours:\n    - { days: { es-AR: Sábados }, from: '09:00', to: '13:00' }\n");
    expect(warningsOf(tenant)).toEqual([]);
  });

  it("refuses a map without the tenant's default language, and a language the portal does not speak", async () => {
    const v = await validator();
    const missing = errorsOf(() => v.load('/t/acme.yaml', head('[en, es-AR]', 'en') + "contact:\n  hours:\n    - { days: { es-AR: Sábados }, from: '09:00', to: '13:00' }\n"));
    expect(missing).toEqual(["/t/acme.yaml:8:9 contact.hours[0].days: needs the text in en, the tenant's default language (has es-AR)"]);
    const unknown = errorsOf(() => v.load('/t/acme.yaml', head() + 'plugins:\n  faq:\n    entries:\n      - question: { es-AR: ¿Hola?, fr: Salut? }\n        answer: Chau.\n'));
    expect(unknown.some((l) => /^\/t\/acme\.yaml:9:\d+ plugins\.faq\.entries\[0\]\.question\.fr: unknown field; allowed: es-AR, en$/.test(l))).toBe(true);
  });
});

describe("a browser's languages (Accept-Language)", () => {
  const both = ['es-AR', 'en'] as const;
  it('choose the offered locale asked most, by q-value then order, matching the language of a regional tag', () => {
    expect(localeFromAcceptLanguage('en-US,en;q=0.9', [...both])).toBe('en');
    expect(localeFromAcceptLanguage('es-MX,es;q=0.9,en;q=0.8', [...both])).toBe('es-AR');
    expect(localeFromAcceptLanguage('fr-FR, en;q=0.5, es-AR;q=0.7', [...both])).toBe('es-AR');
    expect(localeFromAcceptLanguage('de, fr;q=0.8', [...both])).toBeUndefined();
    expect(localeFromAcceptLanguage('en;q=0, es', [...both])).toBe('es-AR');
    expect(localeFromAcceptLanguage('*', [...both])).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined, [...both])).toBeUndefined();
  });
});

describe('pages in the language of the visitor', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ tenantsDir: join(REPO_ROOT, 'test/fixtures/tenants-localized') });
  });
  afterAll(async () => portal?.dispose());

  const hours = (body: string) => [...body.matchAll(/<span class="hours-days">([^<]*)<\/span> <span class="hours-time">([^<]*)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);

  it('shows the office hours the tenant wrote in each language, the default one where a language is missing', async () => {
    const es = await new Client(portal.app, 'portal.lingua.test').get('/login');
    expect(hours(es.body)).toEqual(['Lunes a viernes de 08:00 a 20:00 h', 'Sábados de 09:00 a 13:00 h', 'Feriados de 10:00 a 12:00 h']);
    const en = await new Client(portal.app, 'portal.lingua.test').get('/login?lang=en');
    expect(hours(en.body)).toEqual(['Monday to Friday 08:00 to 20:00', 'Sábados 09:00 to 13:00', 'Feriados 10:00 to 12:00']);
  });

  it("gives an email's footer the office hours in the recipient's language", () => {
    const tenant = portal.tenants.get('lingua')!;
    const mail = (locale: 'es-AR' | 'en') =>
      portal.services.mail.render({ tenant, to: 'ana@lingua.test', locale, template: 'emails/password-changed', subject: 'emails.passwordChanged.subject', data: { name: 'Ana', changedAt: new Date() } });
    expect(mail('es-AR').html).toContain('Lunes a viernes: de 08:00 a 20:00 h');
    expect(mail('en').html).toContain('Monday to Friday: 08:00 to 20:00');
    expect(mail('en').html).toContain('Sábados: 09:00 to 13:00');
  });

  it("welcomes a signed-in customer with the tenant's line in their language", async () => {
    await seedCustomer(portal.db, { tenantId: 'lingua', email: 'ana@lingua.test', password: 'Algarrobo-Negro-81', accountNumber: 'L-0001' });
    const ana = new Client(portal.app, 'portal.lingua.test');
    expect((await ana.login('ana@lingua.test', 'Algarrobo-Negro-81')).statusCode).toBe(303);
    expect((await ana.get('/dashboard')).body).toContain('Bienvenido a la oficina virtual de Lingua.');
    const en = await ana.get('/dashboard?lang=en');
    expect(en.body).toContain('Welcome to the Lingua self-service office.');
    expect(en.body).not.toContain('Bienvenido a la oficina virtual');
  });

  it("answers a first visit in the browser's language among the tenant's, and says the page varies by it", async () => {
    const res = await new Client(portal.app, 'portal.lingua.test').get('/login', { 'accept-language': 'en-GB,en;q=0.9,es;q=0.5' });
    expect(res.body).toContain('<html lang="en"');
    expect(hours(res.body)[0]).toBe('Monday to Friday 08:00 to 20:00');
    expect(res.headers.vary).toContain('Accept-Language');
    const icons = await new Client(portal.app, 'portal.lingua.test').get('/assets/theme/icons.svg', { 'accept-language': 'en' });
    expect(icons.statusCode).toBe(200);
    expect(String(icons.headers.vary ?? '')).not.toContain('Accept-Language');
    const spanish = await new Client(portal.app, 'portal.lingua.test').get('/login', { 'accept-language': 'es-419,es;q=0.9,en;q=0.8' });
    expect(spanish.body).toContain('<html lang="es-AR"');
    const neither = await new Client(portal.app, 'portal.lingua.test').get('/login', { 'accept-language': 'de-DE,fr;q=0.8' });
    expect(neither.body).toContain('<html lang="es-AR"');
  });

  it("lets the language switch win over the browser's languages, from then on", async () => {
    const visitor = new Client(portal.app, 'portal.lingua.test');
    const english = { 'accept-language': 'en-US,en;q=0.9' };
    const switched = await visitor.get('/login?lang=es-AR', english);
    expect(switched.body).toContain('<html lang="es-AR"');
    const next = await visitor.get('/login', english);
    expect(next.body).toContain('<html lang="es-AR"');
    expect(hours(next.body)[0]).toBe('Lunes a viernes de 08:00 a 20:00 h');
  });

  it('keeps a tenant that offers one language in it, whatever the browser asks', async () => {
    const res = await new Client(portal.app, 'portal.solo.test').get('/login', { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.body).toContain('<html lang="es-AR"');
    expect(hours(res.body)).toEqual(['Lunes a viernes de 09:00 a 17:00 h']);
  });
});
