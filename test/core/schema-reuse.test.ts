import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { TenantValidator } from '../../core/tenants/load-tenant.ts';
import { LOCALIZED_TEXT_ID } from '../../core/schema/localized-text-schema.ts';
import { sharedSchemaCompilers } from '../../core/http/shared-schema-compilers.ts';
import { apiValidatorCompiler } from '../../core/api/validation.ts';
import { validationErrorsOf } from '../support/tenant-validator.ts';

// Schemas are compiled once per process and reused by every portal: these check that a portal
// started after an edit (a theme's settings, a route's schema) gets what it declares, not the
// compilation of what an earlier portal declared.

const tenantFile = (settings: string) => `id: acme\nname: Acme\nhostnames: [acme.test]\ntheme: plain\nthemeSettings:\n${settings}`;

/** A validator as a portal builds it, for a theme `plain` whose settings allow a `banner` text of `maxLength` characters. */
const validatorWith = (maxLength: number) =>
  new TenantValidator({
    plugins: [],
    themes: new Map([['plain', { type: 'object', additionalProperties: false, properties: { banner: { $ref: LOCALIZED_TEXT_ID, maxLength } } }]]),
  });

describe('tenant files after a theme changes its settings', () => {
  it('are checked against the settings each validator was built with', () => {
    const before = validatorWith(5);
    const after = validatorWith(20);
    const file = tenantFile('  banner: Bienvenidos\n');
    expect(validationErrorsOf(() => before.load('/t/acme.yaml', file))).toEqual(['/t/acme.yaml:6:11 themeSettings.banner: must NOT have more than 5 characters']);
    expect(after.load('/t/acme.yaml', file).themeSettings).toEqual({ banner: 'Bienvenidos' });
    expect(validationErrorsOf(() => before.load('/t/acme.yaml', file))).toHaveLength(1);
  });

  it("still find each file's texts by language, whichever validator loads it", () => {
    const one = validatorWith(40);
    const other = validatorWith(40);
    const withLocales = (settings: string) => tenantFile(settings).replace('theme: plain', 'locale: es-AR\nlocales: [es-AR, en]\ntheme: plain');
    const missingEn = other.load('/t/acme.yaml', withLocales('  banner: { es-AR: Hola }\n'));
    const both = one.load('/t/acme.yaml', withLocales('  banner: { es-AR: Hola, en: Hello }\n'));
    expect(both.warnings).toEqual([]);
    expect(missingEn.warnings?.map((w) => `${w.line} ${w.field}: ${w.message}`)).toEqual(['8 themeSettings.banner: warning: no en text; English (en) pages show the es-AR one']);
  });
});

describe('routes of two portals with the same path and different schemas', () => {
  const appWith = async (response: object, query: object) => {
    const app = Fastify({ schemaController: sharedSchemaCompilers });
    app.get('/thing', { schema: { querystring: query, response: { 200: response } } }, async () => ({ shown: 'yes', hidden: 'no' }));
    await app.ready();
    return app;
  };

  it('each answer with the fields and check the values of their own schema', async () => {
    const query = (maximum: number) => ({ type: 'object', properties: { n: { type: 'integer', maximum } } });
    const narrow = await appWith({ type: 'object', properties: { shown: { type: 'string' } } }, query(5));
    const wide = await appWith({ type: 'object', properties: { shown: { type: 'string' }, hidden: { type: 'string' } } }, query(50));
    expect((await narrow.inject('/thing?n=7')).statusCode).toBe(400);
    expect((await wide.inject('/thing?n=7')).json()).toEqual({ shown: 'yes', hidden: 'no' });
    expect((await narrow.inject('/thing?n=1')).json()).toEqual({ shown: 'yes' });
    await Promise.all([narrow.close(), wide.close()]);
  });

  it("on the API, each checks a custom format with its own portal's check", async () => {
    const apiApp = async (even: (value: string) => boolean) => {
      const app = Fastify();
      app.setValidatorCompiler(apiValidatorCompiler({ even }));
      app.post('/thing', { schema: { body: { type: 'object', properties: { code: { type: 'string', format: 'even' } } } } }, async () => ({ ok: true }));
      await app.ready();
      return app;
    };
    const strict = await apiApp((v) => Number(v) % 2 === 0);
    const lax = await apiApp(() => true);
    const post = (app: typeof strict) => app.inject({ method: 'POST', url: '/thing', payload: { code: '3' } });
    expect((await post(strict)).statusCode).toBe(400);
    expect((await post(lax)).statusCode).toBe(200);
    await Promise.all([strict.close(), lax.close()]);
  });
});
