import type { NoOnlineReason } from '../domain/pay-rules.ts';
import type { Translate } from '../i18n.ts';

/** The other ways to pay that the page really shows, so the advice never names a missing one. */
export interface OtherWays {
  coupon: boolean;
  advance: boolean;
}

/**
 * Why an online-pay button is absent and what to do instead, as one notice. With nothing owed a
 * coupon has nothing to pay, so only paying in advance is offered.
 */
export function noOnlineNotice(t: Translate, reason: NoOnlineReason, ways: OtherWays, amounts: { balance: string; limit: string }): string {
  const coupon = ways.coupon && reason !== 'nothing-owed';
  const instead = coupon && ways.advance ? 'coupon-advance' : coupon ? 'coupon' : ways.advance ? 'advance' : reason === 'nothing-owed' ? null : 'none';
  const why = t(`index.why.${reason}`, amounts);
  return instead ? `${why} ${t(`index.instead.${instead}`)}` : why;
}

/**
 * The page's notice when the tenant has no online gateway: the offline ways it names are the ones
 * this tenant turned on (a coupon, reporting a transfer), never one it turned off.
 */
export function noGatewaysNotice(t: Translate, ways: { coupon: boolean; report: boolean }): string {
  const instead = ways.coupon && ways.report ? 'coupon-report' : ways.coupon ? 'coupon' : ways.report ? 'report' : 'none';
  return `${t('index.why.no-gateway')} ${t(`index.noGateways.${instead}`)}`;
}
