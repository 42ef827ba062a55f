import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from 'portal/testing';
import { Ajv } from 'ajv';
import { addFormats } from 'portal/sdk';
import { issuedTypes, validateSettings, settingsSchema, type InvoicesSettings } from '../settings.ts';

import { startInvoicesPortal } from '../testing/invoices-portal.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startInvoicesPortal();
});
afterAll(async () => portal?.dispose());

describe('settings', () => {
  it('fills the defaults a tenant leaves out', () => {
    const s = portal.tenants.get('invon')!.plugins.get('invoices') as unknown as InvoicesSettings;
    expect(s).toMatchObject({
      periodsShown: 6,
      pdfTemplate: 'classic',
      exportFormats: ['pdf', 'xlsx', 'csv'],
      statementPageSize: 20,
      defaultDelivery: 'paper',
      pdfLogos: {},
    });
    expect(s.issuer.cuit).toBe('33-69345023-9');
  });

  it('keeps what the tenant file says', () => {
    const s = portal.tenants.get('invother')!.plugins.get('invoices') as unknown as InvoicesSettings;
    expect(s).toMatchObject({ periodsShown: 3, pdfTemplate: 'compact', exportFormats: ['csv'], defaultDelivery: 'email', pdfLogos: { invother: 'print-logo.png' } });
  });

  it('checks the issuer CUIT’s check digit in code', () => {
    const s = portal.tenants.get('invon')!.plugins.get('invoices') as unknown as InvoicesSettings;
    expect(validateSettings(s as never)).toEqual([]);
    expect(validateSettings({ ...s, issuer: { ...s.issuer, cuit: '33-69345023-8' } } as never)).toEqual([
      { path: ['issuer', 'cuit'], message: '"33-69345023-8" has a wrong check digit' },
    ]);
  });

  it('issues by default the types the issuer’s VAT condition allows, and refuses a listed type it rules out', () => {
    const settings = (id: string) => portal.tenants.get(id)!.plugins.get('invoices') as unknown as InvoicesSettings;
    expect(issuedTypes(settings('invon'))).toEqual([1, 2, 3, 6, 7, 8]);
    expect(issuedTypes(settings('invother'))).toEqual([11, 12, 13]);
    expect(issuedTypes({ issuer: {} })).toEqual([1, 2, 3, 6, 7, 8, 11, 12, 13]);
    expect(issuedTypes({ issuer: { vatCondition: 'Responsable Monotributo' }, invoiceTypes: [11, 211] })).toEqual([11, 211]);
    const exempt = { issuer: { vatCondition: 'IVA Sujeto Exento' }, invoiceTypes: [11, 1, 13, 6] };
    expect(validateSettings(exempt)).toEqual([
      { path: ['invoiceTypes', 1], message: '1 is a type A voucher; an issuer "IVA Sujeto Exento" (issuer.vatCondition) issues only C' },
      { path: ['invoiceTypes', 3], message: '6 is a type B voucher; an issuer "IVA Sujeto Exento" (issuer.vatCondition) issues only C' },
    ]);
    expect(validateSettings({ issuer: { vatCondition: 'Responsable Inscripto' }, invoiceTypes: [1, 6, 51, 201, 11] })).toEqual([
      { path: ['invoiceTypes', 4], message: '11 is a type C voucher; an issuer "Responsable Inscripto" (issuer.vatCondition) issues only A, B, M' },
    ]);
    expect(validateSettings({ issuer: {}, invoiceTypes: [1, 11] })).toEqual([]);
  });

  it('refuses values outside the schema, naming them', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, useDefaults: true, strict: false }));
    const validate = ajv.compile(settingsSchema);
    expect(validate({ periodsShown: 0, exportFormats: ['doc'], invoiceTypes: [4], issuer: { cuit: '33.69345023.9', activityStart: '2004-13-01' } })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath).sort()).toEqual(['/exportFormats/0', '/invoiceTypes/0', '/issuer/activityStart', '/issuer/cuit', '/periodsShown']);
  });
});
