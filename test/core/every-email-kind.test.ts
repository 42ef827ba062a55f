import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import type { Locale } from '../../core/tenants/tenant.ts';
import { listenTestPortal, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { deliveredEmails } from '../support/eml.ts';

/**
 * Every email the portal and its plugins can send (each template under an `emails/` folder), as
 * the demo's water utility sends it and a mail client reads it from the .eml file, in both its
 * languages: a greeting first, labels apart from their values, the footer inviting a reply to the
 * tenant's Reply-To (never "do not reply" beside it), links that open the demo, the logo inline.
 * The data are what each sender passes; a new template without a sample here fails the first test.
 */
const TENANT = 'aguas-del-valle';
const REPLY_TO = 'oficinavirtual@aguasdelvalle.example';

interface Sample {
  subject: string;
  subjectParams?: Record<string, unknown>;
  /** Goes to a notify list (staff addresses), not to a person: no name to greet. */
  toList?: boolean;
  data: (link: (path: string) => string) => Record<string, unknown>;
}

const NAME = 'Rosa Quiroga';
const TICKET = { number: 1042, subject: 'Pérdida en la vereda' };
const PARAGRAPHS = [['Hay agua saliendo de la vereda desde ayer.'], ['Frente al número 1150.']];
const STAFF_TICKET = {
  ...TICKET, customerName: NAME, category: 'Reclamo técnico', accountNumber: '2003310',
  service: { plan: 'Agua potable residencial', address: 'Av. San Martín 1150' }, paragraphs: PARAGRAPHS, attachments: 1,
};

const SAMPLES: Record<string, Sample> = {
  'emails/access-key': { subject: 'emails.accessKey.subject', data: (l) => ({ name: NAME, accountNumber: '2003310', key: 'K7Q2-M9XD', loginUrl: l('/login') }) },
  'emails/already-registered': { subject: 'emails.alreadyRegistered.subject', data: (l) => ({ name: NAME, accountNumber: '2003310', loginUrl: l('/login'), forgotUrl: l('/password/forgot') }) },
  'emails/login-locked': { subject: 'emails.loginLocked.subject', data: (l) => ({ name: NAME, lockMinutes: 15, resetUrl: l('/password/reset?token=abc'), minutes: 60 }) },
  'emails/password-changed': { subject: 'emails.passwordChanged.subject', data: (l) => ({ name: NAME, changedAt: new Date('2026-12-06T15:04:00Z'), loginUrl: l('/login'), forgotUrl: l('/password/forgot') }) },
  'emails/password-reset': { subject: 'emails.passwordReset.subject', data: (l) => ({ name: NAME, resetUrl: l('/password/reset?token=abc'), minutes: 60 }) },
  'emails/staff-login-locked': { subject: 'staff.emails.loginLocked.subject', data: (l) => ({ name: 'Lucía Operadora', lockMinutes: 15, loginUrl: l('/staff/login') }) },
  'emails/verify-email': { subject: 'emails.verifyEmail.subject', data: (l) => ({ name: NAME, accountNumber: '2003310', verifyUrl: l('/register/verify?token=abc'), minutes: 60 }) },
  'invoices/emails/new-invoice': {
    subject: 'invoices.mail.subject', subjectParams: { type: 'Factura C', number: '00008-00068421' },
    data: (l) => ({ name: NAME, typeName: 'Factura C', number: '00008-00068421', accountNumber: '2003310', period: 'noviembre de 2026', total: '24500.00', dueDate: '20/12/2026', link: l('/invoices/1') }),
  },
  'meter-readings/emails/reading-received': {
    subject: 'meter-readings.mail.receivedSubject', subjectParams: { number: 'A-1001' },
    data: (l) => ({ name: NAME, meter: { kindLabel: 'Agua', number: 'A-1001', unit: 'm³' }, date: '06/12/2026', closesOn: '10/12/2026', values: [{ label: null, value: '1.234' }], link: l('/meter-readings/1') }),
  },
  'meter-readings/emails/window-open': {
    subject: 'meter-readings.mail.openSubject',
    data: (l) => ({ name: NAME, opensOn: '01/12/2026', closesOn: '10/12/2026', meters: [{ kindLabel: 'Agua', number: 'A-1001', address: 'Av. San Martín 1150', link: l('/meter-readings/1/submit') }], settingsLink: l('/meter-readings/notifications') }),
  },
  'payments/emails/agreement-approved': {
    subject: 'payments.mail.agreement-approved.subject',
    data: (l) => ({ name: NAME, accountNumber: '2003310', instalments: 2, schedule: [{ number: 0, dueDate: '10/12/2026', amount: '10000.00' }, { number: 1, dueDate: '10/01/2027', amount: '20000.00' }, { number: 2, dueDate: '10/02/2027', amount: '20000.00' }], link: l('/payments/agreements') }),
  },
  'payments/emails/agreement-rejected': { subject: 'payments.mail.agreement-rejected.subject', data: (l) => ({ name: NAME, accountNumber: '2003310', reason: 'La deuda es menor que el mínimo.', link: l('/payments/agreements') }) },
  'payments/emails/agreement-requested': {
    subject: 'payments.mail.agreement-requested.subject',
    data: (l) => ({ name: NAME, accountNumber: '2003310', debt: '50000.00', downPayment: '10000.00', instalments: 3, instalment: '13333.33', lastInstalment: '13333.34', link: l('/payments/agreements') }),
  },
  'payments/emails/receipt': {
    subject: 'payments.mail.receipt.subject',
    data: (l) => ({ name: NAME, amount: '24500.00', gateway: 'Sandbox', accountNumber: '2003310', paidOn: '06/12/2026', reference: 'PAY-77', documents: [{ name: 'Factura C 00008-00068421', amount: '24500.00' }], credit: null, link: l('/payments') }),
  },
  'payments/emails/refunded': { subject: 'payments.mail.refunded.subject', data: (l) => ({ name: NAME, amount: '24500.00', reference: 'PAY-77', accountNumber: '2003310', reason: 'Pago duplicado.', advance: false, link: l('/payments') }) },
  'payments/emails/report-accepted': { subject: 'payments.mail.report-accepted.subject', data: (l) => ({ name: NAME, amount: '24500.00', paidOn: '06/12/2026', accountNumber: '2003310', link: l('/payments') }) },
  'payments/emails/report-received': {
    subject: 'payments.mail.report-received.subject',
    data: (l) => ({ name: NAME, accountNumber: '2003310', amount: '24500.00', paidOn: '06/12/2026', method: 'transfer', invoice: { type: 'invoice', label: 'C 00008-00068421' }, link: l('/payments') }),
  },
  'payments/emails/report-rejected': { subject: 'payments.mail.report-rejected.subject', data: (l) => ({ name: NAME, amount: '24500.00', paidOn: '06/12/2026', accountNumber: '2003310', reason: 'El comprobante no se lee.', link: l('/payments/report') }) },
  'service-requests/emails/status': {
    subject: 'service-requests.mail.subject.info-requested', subjectParams: { number: 31, type: 'Reconexión' },
    data: (l) => ({ name: NAME, intro: 'Necesitamos más información.', status: 'Esperando tu respuesta', message: 'Mandanos una foto del medidor.', messageLabel: 'Lo que necesitamos:', action: 'Responder', link: l('/service-requests/31') }),
  },
  'tickets/emails/closed': { subject: 'tickets.mail.closedSubject', subjectParams: TICKET, data: (l) => ({ name: NAME, ...TICKET, auto: false, days: 7, reopenUntil: new Date('2026-12-20T12:00:00Z'), link: l('/tickets/1042') }) },
  'tickets/emails/opened': { subject: 'tickets.mail.openedSubject', subjectParams: TICKET, data: (l) => ({ name: NAME, ...TICKET, link: l('/tickets/1042') }) },
  'tickets/emails/reply': { subject: 'tickets.mail.replySubject', subjectParams: TICKET, data: (l) => ({ name: NAME, ...TICKET, author: 'Equipo de soporte', paragraphs: PARAGRAPHS, link: l('/tickets/1042') }) },
  'tickets/emails/staff-new': { toList: true, subject: 'tickets.mail.staff.newSubject', subjectParams: TICKET, data: (l) => ({ ...STAFF_TICKET, link: l('/staff/tickets/1042') }) },
  'tickets/emails/staff-reply': { toList: true, subject: 'tickets.mail.staff.replySubject', subjectParams: TICKET, data: (l) => ({ ...STAFF_TICKET, kind: 'reply', link: l('/staff/tickets/1042') }) },
  'tickets/emails/staff-sla': {
    toList: true,
    subject: 'tickets.mailSla.firstAnswerSubject',
    subjectParams: { number: 1042, due: '06/12/2026 18:00' },
    data: (l) => ({ intro: 'tickets.mailSla.firstAnswerIntro', why: 'tickets.mailSla.assigned', ...TICKET, due: '06/12/2026 18:00', customerName: NAME, link: l('/staff/tickets/1042') }),
  },
  'service-requests/emails/staff-sla': {
    toList: true,
    subject: 'service-requests.mailSla.resolutionSubject',
    subjectParams: { number: 'SR-0042', due: '06/12/2026 18:00' },
    data: (l) => ({ intro: 'service-requests.mailSla.resolutionIntro', number: 'SR-0042', type: 'Cambio de titularidad', due: '06/12/2026 18:00', link: l('/staff/service-requests/42') }),
  },
};

/** Every `emails/` template core and the plugins hold, named as senders name them. */
function emailTemplates(): string[] {
  const names = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.hbs')).map((f) => f.slice(0, -4)) : []);
  const core = names(join(REPO_ROOT, 'core/views/emails')).map((n) => `emails/${n}`);
  const plugins = readdirSync(join(REPO_ROOT, 'plugins')).flatMap((p) => names(join(REPO_ROOT, 'plugins', p, 'views/emails')).map((n) => `${p}/emails/${n}`));
  return [...core, ...plugins].sort();
}

const GREETING: Record<Locale, (name: string) => string> = { 'es-AR': (n) => `Hola, ${n}:`, en: (n) => `Hello ${n},` };
const FOOTER: Record<Locale, string> = {
  'es-AR': `¿Dudas? Respondé este correo: tu respuesta llega a ${REPLY_TO}.`,
  en: `Questions? Reply to this email: your answer reaches ${REPLY_TO}.`,
};

let portal: TestPortal;
let base: string;
const received = new Map<string, ParsedMail>();

beforeAll(async () => {
  portal = await startTestPortal({ tenantsDir: join(REPO_ROOT, 'tenants'), env: 'development', publicBaseUrl: 'http://localhost:3000' });
  const port = await listenTestPortal(portal);
  base = `http://${TENANT}.localhost:${port}`;
  const tenant = portal.tenants.get(TENANT)!;
  const link = (path: string) => portal.services.links.absolute(tenant, path);
  const em = portal.db.forTenant(TENANT);
  const queued: [string, string][] = [];
  for (const [template, sample] of Object.entries(SAMPLES)) {
    for (const locale of ['es-AR', 'en'] as const) {
      const to = `${template.replace(/\W+/g, '-')}.${locale}@example.com`;
      await portal.services.mail.queue(em, { tenant, to, locale, template, subject: sample.subject, subjectParams: sample.subjectParams, data: sample.data(link) });
      queued.push([`${template} ${locale}`, to]);
    }
  }
  for (const [key, to] of queued) {
    const [mail] = await deliveredEmails(portal, to);
    if (mail) received.set(key, mail);
  }
});
afterAll(async () => portal?.dispose());

describe('every email kind, as received from the demo utility', () => {
  it('has a sample here for each email template there is', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(emailTemplates());
  });

  for (const [template, sample] of Object.entries(SAMPLES)) {
    for (const locale of ['es-AR', 'en'] as const) {
      it(`${template} (${locale})`, () => {
        const mail = received.get(`${template} ${locale}`);
        expect(mail, 'delivered and parsed').toBeDefined();
        const text = mail!.text ?? '';
        const html = String(mail!.html);
        const lines = text.split('\n').filter((l) => l.trim());

        // Translated through and through: no key left showing.
        expect(mail!.subject).not.toMatch(/^[\w-]+(\.[\w-]+)+$/);
        expect(text).not.toMatch(/\b[\w-]+\.(mail|emails)\.[\w.-]+/);

        // A person is greeted first, by name, one way in each language.
        if (!sample.toList) expect(lines[0]).toBe(GREETING[locale](String(sample.data(() => '').name)));

        // Labels stand apart from values: no "Total$ 24.500,00" nor "Fecha06/12/2026".
        for (const line of lines) expect(line).not.toMatch(/\p{L}(\$ ?\d|\d{2}\/\d{2}\/\d{4})/u);

        // The footer invites a reply to the Reply-To, and nothing beside it says not to.
        expect(mail!.replyTo?.value.map((a) => a.address)).toEqual([REPLY_TO]);
        expect(lines.at(-1)).toBe(FOOTER[locale]);
        expect(html).toContain(FOOTER[locale]);
        for (const part of [text, html]) expect(part).not.toMatch(/no (lo )?respondas|no se reciben|do not reply|not received/i);

        // Every link opens the demo, and keeps its label in the text part.
        const urls = [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) expect(url.startsWith(`${base}/`), url).toBe(true);
        // One label per link: "Ver mis pagos: http://…", never "(…): Aportar lectura: http://…".
        for (const line of lines.filter((l) => l.includes('http'))) expect(line).toMatch(/^[^:]+: https?:\/\/\S+$/);
        const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).filter((h) => !h.startsWith('mailto:'));
        for (const href of hrefs) expect(href.startsWith(`${base}/`), href).toBe(true);

        // The brand's logo, inline in the HTML part.
        expect(mail!.attachments.filter((a) => a.contentDisposition === 'inline' && a.contentType === 'image/png')).toHaveLength(1);
        expect(html).toMatch(/<img src="data:image\/png;base64,/);
      });
    }
  }
});
