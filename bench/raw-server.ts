import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import Handlebars from 'handlebars';

/**
 * The baseline: fastify and one Handlebars render per request of a page shaped like the portal's
 * dashboard, and nothing else (no tenant lookup, session, database, CSP or CSRF). The ratio to it
 * is what the framework costs on top of the bare stack.
 */
export function rawServer(): FastifyInstance {
  const template = Handlebars.compile(readFileSync(new URL('./raw-page.hbs', import.meta.url), 'utf8'));
  const app = Fastify({ logger: false });
  app.get('/page', async (_request, reply) => {
    const html = template({
      lang: 'es-AR',
      title: 'Inicio',
      brand: { name: 'Proveedor 1', primary: '#aa0000', accent: '#f2a900' },
      csrf: randomBytes(24).toString('base64url'),
      customer: { name: 'Cliente de prueba' },
      languages: [
        { code: 'es-AR', label: 'Español', href: '/page?lang=es-AR', active: true },
        { code: 'en', label: 'English', href: '/page?lang=en', active: false },
      ],
      nav: [
        { href: '/dashboard', icon: 'home', label: 'Inicio', active: true },
        { href: '/faq', icon: 'help', label: 'Preguntas frecuentes', active: false },
        { href: '/account/profile', icon: 'user', label: 'Mis datos', active: false },
      ],
      accounts: [{ number: 'T0001-0001', holderName: 'Cliente de prueba', document: 'DNI 30123456' }],
      faq: [
        { question: '¿Cómo pago mi factura?' },
        { question: '¿Dónde veo mi número de cuenta?' },
        { question: '¿Cómo cambio mi plan?' },
      ],
      contact: {
        phone: '0800-101-0001',
        email: 'ayuda@t0001.bench.test',
        hours: [{ days: 'Lunes a viernes', from: '09:00', to: '18:00' }],
      },
      year: new Date().getFullYear(),
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });
  return app;
}
