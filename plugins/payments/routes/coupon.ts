import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer, localDate } from 'portal/sdk';
import { couponDigits } from '../coupon/coupon-digits.ts';
import { couponPdf, type CouponLabels } from '../coupon/coupon-pdf.ts';
import { amountCouponTerms, invoiceCouponTerms, type CouponTerms } from '../coupon/terms.ts';
import { printableLogo } from '../coupon/brand-logo.ts';
import { parseTypedAmount, toCents } from '../domain/money.ts';
import { documentName, type Translate } from '../i18n.ts';
import { idParam, payContext, pickAccount } from './context.ts';

const LABELS: (keyof CouponLabels)[] = ['title', 'customerStub', 'collectorStub', 'holder', 'account', 'document', 'issued', 'firstDue', 'secondDue', 'dueOnly', 'payAt', 'cutHere'];

/**
 * Seed 004, "generar e imprimir cupones de pago": a PDF to pay an invoice (or an amount on
 * account) at Rapipago, Pago Fácil or a bank counter, its barcode laid out as the tenant's
 * collector agreed. A value that does not fit its block refuses the coupon instead of printing a
 * wrong one.
 */
export function couponRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Querystring: { account?: string; invoice?: string; amount?: string } }>('/payments/coupon.pdf', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    const coupon = rc.settings.coupon;
    const account = pickAccount(rc.customer, request.query.account);
    if (!coupon.enabled || !account) return reply.callNotFound();
    const today = localDate(new Date(), request.tenant.timezone);

    let terms: CouponTerms;
    let what: string;
    let reference = account.number;
    if (request.query.invoice !== undefined) {
      const id = idParam(request.query.invoice);
      const [doc] = id ? await rc.receivables.invoices(account.id, [id]) : [];
      if (!doc || doc.cancelled || doc.kind === 'credit_note' || toCents(doc.balance) <= 0) return reply.callNotFound();
      terms = invoiceCouponTerms(doc, today, coupon.validDays);
      what = documentName(rc.t, doc.kind, `${doc.letter} ${doc.fiscalNumber}`);
      if (coupon.reference === 'invoice') reference = doc.fiscalNumber;
    } else {
      const cents = parseTypedAmount(request.query.amount);
      if (cents === null || cents <= 0 || cents > toCents(rc.settings.advance.max)) {
        reply.flash('error', rc.t('errors.couponAmount'));
        return reply.redirect(`/payments?account=${encodeURIComponent(account.number)}`, 303);
      }
      terms = amountCouponTerms(cents, today, coupon.validDays);
      what = rc.t('coupon.onAccount');
    }

    const digits = couponDigits(coupon.layout, { companyCode: coupon.companyCode, reference, ...terms });
    if (!digits.ok) {
      request.log.warn({ field: digits.field, reason: digits.reason }, 'coupon does not fit the tenant layout');
      return reply.code(422).page('payments/coupon-refused', { field: rc.t(`coupon.field.${digits.field}`), backHref: `/payments?account=${encodeURIComponent(account.number)}` }, { title: 'payments.coupon.refusedTitle', section: 'payments', status: 422 });
    }
    const brand = request.tenant.brands.find((b) => b.id === account.brandId) ?? request.brand;
    const pdf = await couponPdf({
      lang: request.locale,
      brandName: brand.name,
      primaryColor: brand.branding.colors.primary,
      logo: printableLogo(request.tenant, brand),
      holderName: account.holderName,
      accountNumber: account.number,
      documentName: what,
      issuedOn: today,
      currency: request.tenant.currency,
      terms,
      digits: digits.digits,
      barcode: digits.barcode,
      collectors: coupon.collectors,
      labels: labels(rc.t),
    });
    const name = `cupon-${account.number}${request.query.invoice ? `-${request.query.invoice}` : ''}.pdf`.replace(/[^\w.-]/g, '_');
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${name}"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });
}

function labels(t: Translate): CouponLabels {
  return Object.fromEntries(LABELS.map((k) => [k, t(`coupon.${k}`)])) as unknown as CouponLabels;
}
